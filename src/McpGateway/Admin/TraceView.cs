using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Admin;

/// <summary>A journal record as the traces API shows it (arguments are stored redacted).</summary>
internal static class TraceView
{
    public static JsonObject From(ExecutionRecord r)
    {
        // Records written before the trace became an object hold a bare array of stage decisions.
        var trace = r.TraceJson is null ? null : JsonNode.Parse(r.TraceJson);
        var doc = trace as JsonObject;
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
            ["output"] = r.OutputJson is null ? null : JsonNode.Parse(r.OutputJson),
            ["trace"] = doc is null ? trace : doc["stages"]?.DeepClone(),
            ["attempts"] = doc?["attempts"]?.DeepClone(),
            ["latency_ms"] = doc?["latency_ms"]?.DeepClone(),
            ["idempotency_key"] = doc?["idempotency_key"]?.DeepClone(),
            ["approval_id"] = doc?["approval_id"]?.DeepClone(),
            ["details"] = doc?["details"]?.DeepClone(),
            ["settlement"] = r.SettlementJson is null ? null : JsonNode.Parse(r.SettlementJson),
        };
    }
}
