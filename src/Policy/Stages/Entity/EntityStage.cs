using System.Text.Json.Nodes;
using McpGateway.Policy.Arguments;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Entity;

/// <summary>
/// Compares the entity the caller resolved with every entity-bearing argument (the card's declared params, else
/// <c>{entity_type}_id</c>, else every <c>*_id</c>). A mismatch blocks the call before the upstream sees it.
/// </summary>
public sealed class EntityStage : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "entity";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var claim = context.Entity;
        if (claim is null)
        {
            return next(context);
        }

        var found = EntityArguments.Find(context.ArgumentsObject, context.Card!.EntityParams, claim.EntityType);
        if (found.Count == 0)
        {
            context.Record(Name, "nothing_comparable", $"no entity argument to compare with {claim.EntityId}");
            return next(context);
        }

        var mismatches = Mismatches(found, claim.EntityId);
        if (mismatches.Count > 0)
        {
            context.Record(Name, "mismatch", string.Join(", ", mismatches.Select(m => $"{m.Path}={m.Value}")));
            context.Details["entity_mismatches"] = new JsonArray(mismatches
                .Select(m => (JsonNode)new JsonObject { ["path"] = m.Path, ["value"] = m.Value, ["expected"] = claim.EntityId }).ToArray());
            var list = string.Join(", ", mismatches.Select(m => $"{m.Path} is '{m.Value}'"));
            return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.EntityMismatch,
                $"Blocked: the call is about another entity than the one resolved ({claim.EntityId}{(claim.Source is null ? "" : " from " + claim.Source)}): {list}. Nothing was executed; resolve the entity again or fix the arguments."));
        }

        context.Record(Name, "match", $"{found.Count} argument(s) = {claim.EntityId}");
        return next(context);
    }

    /// <summary>The entity values that differ from <paramref name="entityId"/>.</summary>
    public static List<(string Path, string Value)> Mismatches(List<(string Path, string Value)> found, string entityId) =>
        found.Where(f => !string.Equals(f.Value, entityId, StringComparison.Ordinal)).ToList();
}
