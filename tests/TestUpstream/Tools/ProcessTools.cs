using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary><c>get_stats</c>, <c>env</c> and <c>crash</c>: what the tests need to see the process itself.</summary>
internal sealed class ProcessTools(CallStats stats)
{
    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(GetStats, new()
        {
            Name = "get_stats",
            Description = "Call counts per tool (this call included), cancelled count, pid and process start time.",
            ReadOnly = true,
        });
        yield return McpServerTool.Create(Env, new()
        {
            Name = "env", Description = "Returns the value of an environment variable.", ReadOnly = true, Idempotent = true,
        });
        yield return McpServerTool.Create(Crash, new()
        {
            Name = "crash", Description = "Exits the process at once with code 3.", Destructive = true,
        });
    }

    private CallToolResult GetStats()
    {
        var json = stats.ToJson();
        return ToolResults.Structured(json.ToJsonString(), JsonSerializer.SerializeToElement(json));
    }

    private static CallToolResult Env([Description("Name of the environment variable.")] string name) =>
        Environment.GetEnvironmentVariable(name) is { } value
            ? ToolResults.Text(value)
            : ToolResults.Error($"environment variable '{name}' is not set");

    private static string Crash()
    {
        Environment.Exit(3);
        return "unreachable";
    }
}
