using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Admin;

/// <summary>A journal record as the traces API shows it (arguments are stored redacted).</summary>
internal static class TraceView
{
    public static JsonObject From(ExecutionRecord r)
    {
        var trace = r.TraceJson is null ? null : JsonNode.Parse(r.TraceJson);
        return new JsonObject
        {
            ["execution_id"] = r.ExecutionId,
            ["tool"] = r.Tool,
            ["connector"] = r.Connector,
            ["agent"] = r.Agent,
            ["session_id"] = r.SessionId,
            ["status"] = r.Status,
            ["error"] = r.Error,
            ["started_at"] = r.StartedAt,
            ["ended_at"] = r.EndedAt,
            ["arguments"] = JsonNode.Parse(r.ArgumentsJson),
            ["trace"] = trace is JsonObject o ? o["stages"]?.DeepClone() : trace,
            ["attempts"] = (trace as JsonObject)?["attempts"]?.DeepClone(),
            ["latency_ms"] = (trace as JsonObject)?["latency_ms"]?.DeepClone(),
            ["idempotency_key"] = (trace as JsonObject)?["idempotency_key"]?.DeepClone(),
            ["approval_id"] = (trace as JsonObject)?["approval_id"]?.DeepClone(),
            ["details"] = (trace as JsonObject)?["details"]?.DeepClone(),
        };
    }
}
