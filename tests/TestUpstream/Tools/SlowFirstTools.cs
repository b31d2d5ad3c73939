using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.State;

namespace TestUpstream.Tools;

/// <summary><c>slow_first</c>: slow for the first n calls of a key, then fast, so a bounded retry recovers from a timeout.</summary>
internal sealed class SlowFirstTools(SlowFirstCounters counters, CallStats stats)
{
    private const string Schema = """
        {"type":"object","properties":{"key":{"type":"string"},"call":{"type":"integer"}},"required":["key","call"]}
        """;

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(SlowFirstAsync, new()
        {
            Name = "slow_first",
            Description = "The first n calls for a key wait ms milliseconds before answering; later calls answer at once. "
                + "Returns the key and the 1-based call number.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(Schema),
        });
    }

    private async Task<CallToolResult> SlowFirstAsync(
        [Description("Counter key; each key counts its own calls.")] string key,
        [Description("How many calls for this key are slow.")] int n,
        [Description("Milliseconds each slow call waits.")] int ms,
        CancellationToken cancellationToken)
    {
        if (ms < 0)
        {
            return ToolResults.Error("ms must not be negative.");
        }

        // Counted on arrival, so a slow call the caller gave up on still uses up one of the n.
        var call = counters.Next(key);
        if (call <= n)
        {
            await TrackedDelay.WaitAsync(ms, stats, cancellationToken);
        }

        return StateResults.Structured(new { Key = key, Call = call });
    }
}
