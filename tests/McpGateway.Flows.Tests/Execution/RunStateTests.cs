using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Execution;

/// <summary>When a step may start, read from the nodes committed so far (by this pass or another).</summary>
public sealed class RunStateTests
{
    private static readonly FlowRun Run = new()
    {
        Id = "run_1", FlowId = "flw_1", FlowName = "f", Version = 1, Environment = "PRODUCTION", Origin = "manual", CreatedAt = FlowHarness.Start,
    };

    [Theory]
    [InlineData(NodeStatuses.Succeeded, false, true)]
    [InlineData(NodeStatuses.Skipped, false, true)]
    [InlineData(NodeStatuses.Failed, false, false)]
    [InlineData(NodeStatuses.Failed, true, true)]
    [InlineData(NodeStatuses.Paused, false, false)]
    public void PredecessorsFinished_PredecessorInStatus_StartsOnlyAfterSuccessOrToleratedFailure(string status, bool continueOnError, bool expected)
    {
        var (flow, errors) = FlowDefinitionParser.Parse(FlowHarness.Json($$"""
            { "steps": [
                { "key": "ask", "type": "approval", "message": "go?", "continue_on_error": {{(continueOnError ? "true" : "false")}} },
                { "key": "charge", "type": "transform", "value": {} } ] }
            """), FlowLimits.Default);
        Assert.Empty(errors);
        var nodes = new[] { new NodeExecution { RunId = Run.Id, StepKey = "ask", Iteration = 0, Status = status } };

        var state = new RunState(Run, flow!, nodes, CancellationToken.None);

        Assert.Equal(expected, state.PredecessorsFinished(flow!.StepsByKey["charge"]));
    }
}
