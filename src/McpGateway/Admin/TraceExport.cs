using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Admin;

/// <summary>Journal records in the shapes LangSmith (run) and Helicone (custom log) import; both from redacted data.</summary>
internal static class TraceExport
{
    public static JsonObject LangSmith(ExecutionRecord r)
    {
        var view = TraceView.From(r);
        return new JsonObject
        {
            ["id"] = r.ExecutionId,
            ["name"] = r.Tool,
            ["run_type"] = "tool",
            ["start_time"] = r.StartedAt,
            ["end_time"] = r.EndedAt,
            ["inputs"] = view["arguments"]?.DeepClone(),
            ["outputs"] = new JsonObject { ["status"] = r.Status, ["output"] = view["output"]?.DeepClone() },
            ["error"] = r.Error,
            ["extra"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["agent"] = r.Agent, ["connector"] = r.Connector, ["session_id"] = r.SessionId },
                ["trace"] = view["trace"]?.DeepClone(),
            },
        };
    }

    public static JsonObject Helicone(ExecutionRecord r)
    {
        var view = TraceView.From(r);
        return new JsonObject
        {
            ["providerRequest"] = new JsonObject
            {
                ["url"] = "mcp://" + (r.Connector ?? "gateway") + "/" + r.Tool,
                ["json"] = view["arguments"]?.DeepClone(),
                ["meta"] = new JsonObject { ["Helicone-User-Id"] = r.Agent, ["Helicone-Session-Id"] = r.SessionId },
            },
            ["providerResponse"] = new JsonObject
            {
                ["json"] = new JsonObject { ["status"] = r.Status, ["error"] = r.Error, ["output"] = view["output"]?.DeepClone(), ["trace"] = view["trace"]?.DeepClone() },
                ["status"] = r.Status is "completed" or "replayed" or "reconciled" ? 200 : 500,
            },
            ["timing"] = new JsonObject
            {
                ["startTime"] = r.StartedAt.ToUnixTimeMilliseconds(),
                ["endTime"] = r.EndedAt?.ToUnixTimeMilliseconds(),
            },
        };
    }
}
