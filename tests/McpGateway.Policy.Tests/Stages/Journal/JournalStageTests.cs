using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Journal;

public sealed class JournalStageTests
{
    private readonly FakeJournalStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly SecretValues _secrets = new();

    [Fact]
    public async Task InvokeAsync_OpensDurablyBeforeNextAndClosesAfter()
    {
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), ctx =>
        {
            _store.Events.Add("next");
            _time.Advance(TimeSpan.FromMilliseconds(40));
            return ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult { Content = [new TextContentBlock { Text = "ok" }] }));
        });

        Assert.Equal(["open", "next", "close"], _store.Events);
        var record = Assert.Single(_store.Records.Values);
        Assert.Equal("completed", record.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(40), record.EndedAt - record.StartedAt);
        Assert.StartsWith("exe_", record.ExecutionId, StringComparison.Ordinal);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_OpenFails_CallIsRefusedAndNextNeverRuns()
    {
        _store.FailOpen = true;
        var stage = CreateStage();
        var ran = false;

        var outcome = await stage.InvokeAsync(Context(), _ => { ran = true; return ValueTask.FromResult(ToolCallOutcome.Cancelled("x")); });

        Assert.False(ran);
        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Contains("nothing was executed", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_CloseFails_OutcomeIsStillReturned()
    {
        _store.FailClose = true;
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), _ => ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult())));

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(ExecutionRecord.OpenStatus, Assert.Single(_store.Records.Values).Status);
    }

    [Fact]
    public async Task InvokeAsync_LaterStageThrows_RecordClosedAsFailed()
    {
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), _ => throw new InvalidOperationException("bug"));

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Equal("failed", Assert.Single(_store.Records.Values).Status);
    }

    [Fact]
    public async Task InvokeAsync_TraceHoldsEveryStageDecision()
    {
        var stage = CreateStage();

        await stage.InvokeAsync(Context(), ctx =>
        {
            ctx.Record("upstream", "called");
            return ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult()));
        });

        using var trace = JsonDocument.Parse(Assert.Single(_store.Records.Values).TraceJson!);
        Assert.Equal(["journal", "upstream"], trace.RootElement.GetProperty("stages").EnumerateArray().Select(d => d.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task InvokeAsync_SecretArguments_AreRedactedInTheRecord()
    {
        _secrets.Add("tok-123456");
        var stage = CreateStage();
        var args = new Dictionary<string, JsonElement>
        {
            ["api_key"] = JsonSerializer.SerializeToElement("anything"),
            ["note"] = JsonSerializer.SerializeToElement("uses tok-123456 today"),
            ["nested"] = JsonSerializer.SerializeToElement(new { password = "p", keep = 1 }),
        };

        await stage.InvokeAsync(new ToolCallContext("a__t", args, new CallerIdentity("mcp"), CancellationToken.None),
            _ => ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult())));

        var json = Assert.Single(_store.Records.Values).ArgumentsJson;
        Assert.DoesNotContain("anything", json, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123456", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"p\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keep\":1", json, StringComparison.Ordinal);
    }

    private JournalStage CreateStage() =>
        new(_store, new ArgumentRedactor(_secrets), new JournalOptions { InstanceId = "node-1" }, _time, NullLogger<JournalStage>.Instance);

    private static ToolCallContext Context() => new("demo__echo", null, new CallerIdentity("mcp", "s1"), CancellationToken.None);
}
