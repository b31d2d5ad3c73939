namespace McpGateway.Flows.Execution;

/// <summary>Calls a catalog tool for a flow step (in production: through the call pipeline).</summary>
public interface IFlowToolInvoker
{
    /// <summary>Makes one call; expected failures are results, not exceptions.</summary>
    ValueTask<FlowToolResult> InvokeAsync(FlowToolCall call, CancellationToken cancellationToken);
}
