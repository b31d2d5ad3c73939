using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>The plain lines <c>mcpgw runs watch</c> prints for a run's events (<c>GET /v1/runs/{id}/events</c>).</summary>
internal static class RunWatchLines
{
    public static void Print(string name, JsonNode data)
    {
        switch (name)
        {
            case "state":
                Console.WriteLine($"run {data["id"]} {data["flow"]} v{data["version"]} {Run(data)}");
                foreach (var node in data["nodes"]?.AsArray() ?? [])
                {
                    Console.WriteLine(Node(node!));
                }

                break;
            case "node":
                Console.WriteLine(Node(data));
                break;
            case "status":
                Console.WriteLine($"run {data["run_id"]} {Run(data)}");
                if (data["outputs"] is { } outputs)
                {
                    Console.WriteLine(outputs.ToJsonString(CliOutput.Json));
                }

                break;
        }
    }

    private static string Run(JsonNode run) =>
        CliOutput.Text(run["status"]) + (run["error"] is { } e ? ": " + e : "") + (run["pause_reason"] is { } p ? $" ({p})" : "");

    private static string Node(JsonNode node)
    {
        var name = node["iteration"]?.GetValue<int>() is > 0 and var i ? $"{node["step"]}#{i}" : CliOutput.Text(node["step"]);
        var duration = node["duration_ms"] is { } d ? $"{d} ms" : "";
        var note = node["copied_from"] is { } from ? $"copied from {from}" : CliOutput.Text(node["error"]);
        return $"  {name,-28} {CliOutput.Text(node["status"]),-10} {duration,-9} {note}".TrimEnd();
    }
}
