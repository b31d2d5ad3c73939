using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// A tool step's <c>{{ connections.NAME.FIELD }}</c>: the step's arguments as the run keeps them hold each reference as
/// written; the call's arguments are rendered again with the values, read just before the call, so only the tool gets
/// them. A literal reference that arrives as data (an input, an earlier step's output) stays literal text: only the
/// step's own template puts a value in. What the tool answers is kept with the values redacted.
/// </summary>
internal sealed class ToolStepConnections
{
    private const string Redacted = "[REDACTED]";

    private readonly List<string> _values = [];

    private ToolStepConnections()
    {
    }

    /// <summary>
    /// The call's arguments for <paramref name="kept"/> (the arguments as kept): the same object when the step names no
    /// connection; an error when a value may not be read.
    /// </summary>
    public static async Task<(JsonObject? Arguments, ToolStepConnections? Values, string? Error)> ResolveAsync(
        IFlowToolInvoker tools, RunState state, FlowStep step, JsonObject kept, JsonObject variables)
    {
        if (state.Flow.Connections.Count == 0 || step.Args is null)
        {
            return (kept, null, null); // the usual step: nothing to read, and the arguments are not written out to look
        }

        var text = kept.ToJsonString();
        var named = state.Flow.Connections.Where(c => text.Contains(c.Marker, StringComparison.Ordinal)).ToList();
        if (named.Count == 0)
        {
            return (kept, null, null);
        }

        var resolved = new ToolStepConnections();
        var connections = new JsonObject();
        foreach (var reference in named)
        {
            var read = await tools.ReadConnectionAsync(state.Run, reference.Name, reference.Field, CancellationToken.None);
            if (read.Value is not { } value)
            {
                return (null, null, read.Error ?? $"{reference.Marker} could not be read");
            }

            var fields = connections[reference.Name] as JsonObject ?? (JsonObject)(connections[reference.Name] = new JsonObject());
            fields[reference.Field] = value;
            resolved._values.Add(value);
        }

        var withValues = (JsonObject)variables.DeepClone();
        withValues[ConnectionReference.Root] = connections;
        return (step.Args.Render(withValues) as JsonObject ?? [], resolved, null);
    }

    /// <summary><paramref name="node"/> with every value read for the call replaced by <c>[REDACTED]</c>.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var text = node.ToJsonString();
        var redacted = Redact(text, escaped: true);
        return ReferenceEquals(redacted, text) ? node : JsonNode.Parse(redacted);
    }

    /// <summary><paramref name="text"/> with every value read for the call replaced by <c>[REDACTED]</c>.</summary>
    public string? Redact(string? text) => text is null ? null : Redact(text, escaped: false);

    private string Redact(string text, bool escaped)
    {
        foreach (var value in _values.Where(v => v.Length >= 4))
        {
            // In JSON text a value appears escaped as a string's content is.
            var form = escaped ? JsonSerializer.Serialize(value)[1..^1] : value;
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
