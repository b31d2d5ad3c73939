using System.Text.Json;
using McpGateway.Flows.Execution;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway.Flows.Tests.Execution;

public sealed class PipelineFlowToolInvokerTests
{
    private static ToolCallContext Context() => new("demo__x", null, new CallerIdentity("flow", "run_1"), CancellationToken.None) { ExecutionId = "exe_1" };

    private static CallToolResult Text(string text, bool isError = false) => new() { Content = [new TextContentBlock { Text = text }], IsError = isError };

    [Fact]
    public void Map_StructuredContent_Output()
    {
        var result = new CallToolResult { Content = [], StructuredContent = JsonSerializer.SerializeToElement(new { amount = 5 }) };

        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Completed(result), Context());

        Assert.Equal((FlowToolResultKind.Succeeded, """{"amount":5}""", "exe_1"), (mapped.Kind, mapped.Output!.ToJsonString(), mapped.ExecutionId));
    }

    [Theory]
    [InlineData("""{"ok":true}""", """{"ok":true}""")]
    [InlineData("plain words", "\"plain words\"")]
    public void Map_SingleText_JsonParsedElseText(string text, string expected)
    {
        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.WithResult(ToolCallStatus.Replayed, Text(text)), Context());

        Assert.Equal(expected, mapped.Output!.ToJsonString());
    }

    [Fact]
    public void Map_UpstreamIsError_DefiniteFailureWithItsText()
    {
        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Completed(Text("card declined", isError: true)), Context());

        Assert.Equal((FlowToolResultKind.Failed, "card declined"), (mapped.Kind, mapped.Error));
    }

    [Fact]
    public void Map_RateLimited_DefiniteFailureWithTheSentence_SoTheStepsRetryDecides()
    {
        const string Sentence = "Rate limit 'per-agent': 2 calls per minute for agent 'flow'; nothing was executed; retry after 12 s.";

        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Refused(ToolCallStatus.Denied, ToolCallFault.RateLimited, Sentence), Context());

        Assert.Equal((FlowToolResultKind.Failed, Sentence, "exe_1"), (mapped.Kind, mapped.Error, mapped.ExecutionId));
    }

    [Fact]
    public void Map_PendingApproval_CarriesTheApprovalId()
    {
        var context = Context();
        context.ApprovalId = "appr_9";

        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.WithStatus(ToolCallStatus.PendingApproval, "held"), context);

        Assert.Equal((FlowToolResultKind.PendingApproval, "appr_9"), (mapped.Kind, mapped.ApprovalId));
    }

    [Fact]
    public void Map_OutcomeUnknownOrKeyInFlight_UnknownNotFailed()
    {
        var unknown = PipelineFlowToolInvoker.Map(ToolCallOutcome.Failed(ToolCallFault.OutcomeUnknown, "lost"), Context());
        var inFlight = PipelineFlowToolInvoker.Map(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyInFlight, "busy"), Context());

        Assert.Equal(FlowToolResultKind.Unknown, unknown.Kind);
        Assert.Equal(FlowToolResultKind.Unknown, inFlight.Kind);
    }

    [Fact]
    public void Map_KeyWhoseEarlierCallEndedUnknown_UndeterminedNotFailed()
    {
        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyUndetermined, "may have acted"), Context());

        Assert.Equal((FlowToolResultKind.Undetermined, "may have acted"), (mapped.Kind, mapped.Error));
    }

    [Theory]
    [InlineData("conflict")]
    [InlineData("outcome_unknown")]
    public void Map_KeyConflictWhateverTheTraceSays_FailedFromTheFaultAlone(string decision)
    {
        // The trace is for people: a stage's wording there must not change what a flow step comes to.
        var context = Context();
        context.Record("idempotency", decision, "k from exe_0");

        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict, "other arguments"), context);

        Assert.Equal((FlowToolResultKind.Failed, "other arguments"), (mapped.Kind, mapped.Error));
    }

    [Theory]
    [InlineData(ToolCallStatus.Denied, ToolCallFault.Forbidden)]
    [InlineData(ToolCallStatus.Blocked, ToolCallFault.EntityMismatch)]
    [InlineData(ToolCallStatus.Blocked, ToolCallFault.IdempotencyConflict)]
    [InlineData(ToolCallStatus.Failed, ToolCallFault.UpstreamError)]
    public void Map_RefusedOrFaulted_Failed(ToolCallStatus status, ToolCallFault fault)
    {
        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Refused(status, fault, "no"), Context());

        Assert.Equal((FlowToolResultKind.Failed, "no"), (mapped.Kind, mapped.Error));
    }

    [Theory]
    [InlineData(ToolCallFault.UpstreamUnavailable)]
    [InlineData(ToolCallFault.CircuitOpen)]
    public void Map_ConnectorUnreachable_UnavailableNotFailed(ToolCallFault fault)
    {
        var mapped = PipelineFlowToolInvoker.Map(ToolCallOutcome.Failed(fault, "Connector 'demo' is not connected right now; nothing was executed."), Context());

        Assert.Equal(FlowToolResultKind.Unavailable, mapped.Kind);
    }
}
