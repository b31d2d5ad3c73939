using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary>Deterministic tools that need nothing from the client: echo, add, sleep, fail, flaky.</summary>
internal sealed class BasicTools(CallStats stats)
{
    private readonly ConcurrentDictionary<string, int> _flakyAttempts = new(StringComparer.Ordinal);

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(Echo, new()
        {
            Name = "echo", Description = "Returns the given text unchanged.", ReadOnly = true, Idempotent = true,
        });
        yield return McpServerTool.Create(Add, new()
        {
            Name = "add",
            Description = "Adds two numbers; the sum is the text and structuredContent.sum.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = JsonDocument.Parse(
                """{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""").RootElement,
        });
        yield return McpServerTool.Create(SleepAsync, new()
        {
            Name = "sleep", Description = "Waits ms milliseconds, or until the call is cancelled.", ReadOnly = true,
        });
        yield return McpServerTool.Create(Fail, new()
        {
            Name = "fail", Description = "Always returns a tool error (isError) with the given message.", ReadOnly = true,
        });
        yield return McpServerTool.Create(Flaky, new()
        {
            Name = "flaky",
            Description = "Fails (isError) on the first n calls for a key, then succeeds.",
            Idempotent = true,
            Destructive = false,
        });
    }

    private static string Echo([Description("Text to return.")] string text) => text;

    private static CallToolResult Add([Description("First addend.")] double a, [Description("Second addend.")] double b)
    {
        var sum = a + b;
        return ToolResults.Structured(
            sum.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.SerializeToElement(new Dictionary<string, double> { ["sum"] = sum }));
    }

    private async Task<string> SleepAsync([Description("Milliseconds to wait.")] int ms, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ms, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            stats.RecordCancelled();
            throw;
        }

        return $"slept {ms}";
    }

    private static CallToolResult Fail([Description("The error text to return.")] string message) => ToolResults.Error(message);

    private CallToolResult Flaky(
        [Description("How many calls for this key fail before one succeeds.")] int n,
        [Description("Counter key; each key counts its own attempts.")] string key)
    {
        var attempt = _flakyAttempts.AddOrUpdate(key, 1, static (_, count) => count + 1);
        return attempt <= n
            ? ToolResults.Error($"flaky failure {attempt} of {n} for key '{key}'")
            : ToolResults.Text($"ok after {attempt} attempts");
    }
}
