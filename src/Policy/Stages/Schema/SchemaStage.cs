using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Schema;

/// <summary>
/// Validates the arguments against the card's input schema (JSON Schema 2020-12, or the draft its <c>$schema</c> names)
/// and lists every violation with its path.
/// </summary>
public sealed class SchemaStage : IToolCallStage
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    // Built once per tool definition; the hash changes when the upstream's schema changes.
    private readonly ConcurrentDictionary<string, CompiledSchema?> _schemas = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "schema";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card!;
        var compiled = _schemas.GetOrAdd(card.DefinitionHash, static (_, c) => CompiledSchema.For(c.InputSchema), card);
        if (compiled is null)
        {
            return next(context);
        }

        var check = compiled.Check(context.Arguments is null ? EmptyObject : JsonSerializer.SerializeToElement(context.Arguments));
        if (check.IsValid)
        {
            return next(context);
        }

        if (check.UnusableReason is { } reason)
        {
            // The tool's own definition is at fault, not the caller: refused, named, and never passed on unchecked.
            context.Record(Name, "unreadable", reason);
            return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.UpstreamError,
                $"The input schema of '{context.ToolName}' cannot be used to check its arguments ({reason}). Nothing was executed; the tool's server has to correct its definition."));
        }

        var violations = check.Violations;
        context.Record(Name, "invalid", string.Join("; ", violations));
        context.Details["violations"] = new JsonArray([.. violations.Select(v => (JsonNode)JsonValue.Create(v))]);
        return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.InvalidArguments,
            $"The arguments do not match the input schema of '{context.ToolName}': {string.Join("; ", violations)}. Nothing was executed; fix the arguments and call again."));
    }
}
