using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
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
    public async Task InvokeAsync_OpenedByALaterStageBeforeItsEffect_ClosesAfter()
    {
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), async ctx =>
        {
            Assert.Empty(_store.Events);
            Assert.Null(await ctx.BeginEffectsAsync());
            _store.Events.Add("effect");
            _time.Advance(TimeSpan.FromMilliseconds(40));
            return ToolCallOutcome.Completed(new CallToolResult { Content = [new TextContentBlock { Text = "ok" }] });
        });

        Assert.Equal(["open", "effect", "close"], _store.Events);
        var record = Assert.Single(_store.Records.Values);
        Assert.Equal("completed", record.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(40), record.EndedAt - record.StartedAt);
        Assert.StartsWith("exe_", record.ExecutionId, StringComparison.Ordinal);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_OpenTwice_WritesOnce()
    {
        var stage = CreateStage();

        await stage.InvokeAsync(Context(), async ctx =>
        {
            await ctx.BeginEffectsAsync();
            await ctx.BeginEffectsAsync();
            return ToolCallOutcome.Completed(new CallToolResult());
        });

        Assert.Equal(["open", "close"], _store.Events);
    }

    [Fact]
    public async Task InvokeAsync_RefusedBeforeAnyEffect_RecordIsWrittenWholeInOneWrite()
    {
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), _ =>
            ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Denied, ToolCallFault.Forbidden, "no")));

        Assert.Equal(["record"], _store.Events);
        var record = Assert.Single(_store.Records.Values);
        Assert.Equal("denied", record.Status);
        Assert.NotNull(record.EndedAt);
        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_OpenFails_TheOpeningStageGetsARefusalAndNothingRuns()
    {
        _store.FailOpen = true;
        var stage = CreateStage();
        var ran = false;

        var outcome = await stage.InvokeAsync(Context(), async ctx =>
        {
            if (await ctx.BeginEffectsAsync() is { } refused)
            {
                return refused;
            }

            ran = true;
            return ToolCallOutcome.Completed(new CallToolResult());
        });

        Assert.False(ran);
        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Contains("nothing was executed", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_CloseFails_OutcomeIsStillReturned()
    {
        _store.FailClose = true;
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), async ctx =>
        {
            await ctx.BeginEffectsAsync();
            return ToolCallOutcome.Completed(new CallToolResult());
        });

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(ExecutionRecord.OpenStatus, Assert.Single(_store.Records.Values).Status);
    }

    [Fact]
    public async Task InvokeAsync_LaterStageThrows_RecordClosedAsFailed()
    {
        var stage = CreateStage();

        var outcome = await stage.InvokeAsync(Context(), async ctx =>
        {
            await ctx.BeginEffectsAsync();
            throw new InvalidOperationException("bug");
        });

        Assert.Equal(ToolCallStatus.Failed, outcome.Status);
        Assert.Equal("failed", Assert.Single(_store.Records.Values).Status);
    }

    [Fact]
    public async Task InvokeAsync_TraceHoldsEveryStageDecision()
    {
        var stage = CreateStage();

        await stage.InvokeAsync(Context(), async ctx =>
        {
            ctx.Record("rules", "allow");
            await ctx.BeginEffectsAsync();
            ctx.Record("upstream", "called");
            return ToolCallOutcome.Completed(new CallToolResult());
        });

        using var trace = JsonDocument.Parse(Assert.Single(_store.Records.Values).TraceJson!);
        Assert.Equal(["rules", "journal", "upstream"], trace.RootElement.GetProperty("stages").EnumerateArray().Select(d => d.GetProperty("stage").GetString()));
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

    [Fact]
    public async Task InvokeAsync_ThawOfAFrozenCall_ReopensItsRecordAndClosesItWithWhatItCameTo()
    {
        var stage = CreateStage();
        await stage.InvokeAsync(Context(), _ => ValueTask.FromResult(ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval, "held")));
        var frozen = Assert.Single(_store.Records.Values);
        var approval = new ApprovalRecord
        {
            Id = "appr_1", Tool = "demo__echo", Connector = "demo", ArgumentsJson = "{}", ExecutionId = frozen.ExecutionId,
            CreatedAt = _time.GetUtcNow(),
        };

        string? ran = null;
        var outcome = await stage.InvokeAsync(
            new ToolCallContext("demo__echo", null, new CallerIdentity("approval", null), CancellationToken.None)
            {
                Thaw = new ApprovalThaw(approval, "alice", null),
                Continues = frozen.ExecutionId,
            },
            ctx =>
            {
                ran = ctx.ExecutionId;
                return ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult()));
            });

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(frozen.ExecutionId, ran);
        var record = Assert.Single(_store.Records.Values);
        Assert.Equal("completed", record.Status);
        Assert.Equal("node-1", record.InstanceId);
    }

    [Fact]
    public async Task InvokeAsync_RoundAnsweredByAnotherRequestAlready_RefusedAndNothingRuns()
    {
        var stage = CreateStage();
        await stage.InvokeAsync(Context(), _ => ValueTask.FromResult(ToolCallOutcome.WithStatus(ToolCallStatus.InputRequired, "asked")));
        var round = Assert.Single(_store.Records.Values).ExecutionId;
        var runs = 0;
        ValueTask<ToolCallOutcome> Waits(ToolCallContext _)
        {
            runs++;
            return ValueTask.FromResult(ToolCallOutcome.WithStatus(ToolCallStatus.InputRequired, "asked again"));
        }

        Assert.Equal(ToolCallStatus.InputRequired, (await stage.InvokeAsync(Continuing(round), Waits)).Status);
        _store.Records[round] = _store.Records[round] with { Status = ExecutionRecord.OpenStatus }; // another request reopened it
        var second = await stage.InvokeAsync(Continuing(round), Waits);

        Assert.Equal(ToolCallStatus.Blocked, second.Status);
        Assert.Equal(1, runs);
        Assert.Contains("not waiting for input", second.Message, StringComparison.Ordinal);
    }

    private static ToolCallContext Continuing(string execution) =>
        new("demo__echo", null, new CallerIdentity("mcp", "s1"), CancellationToken.None) { Continues = execution };

    private JournalStage CreateStage() =>
        new(_store, new ArgumentRedactor(_secrets), new JournalOptions { InstanceId = "node-1" }, _time, NullLogger<JournalStage>.Instance);

    private static ToolCallContext Context() => new("demo__echo", null, new CallerIdentity("mcp", "s1"), CancellationToken.None);
}
