using McpGateway.Flows.Model;

namespace McpGateway.Flows.Execution;

/// <summary>Calls a catalog tool for a flow step (in production: through the call pipeline).</summary>
public interface IFlowToolInvoker
{
    /// <summary>Makes one call; expected failures are results, not exceptions.</summary>
    ValueTask<FlowToolResult> InvokeAsync(FlowToolCall call, CancellationToken cancellationToken);

    /// <summary>
    /// A stored connection's field for a tool step of <paramref name="run"/> (<c>{{ connections.NAME.FIELD }}</c>), or why
    /// it may not be read. The value is remembered as a secret, so the journal and every view redact it.
    /// </summary>
    ValueTask<ConnectionRead> ReadConnectionAsync(FlowRun run, string connection, string field, CancellationToken cancellationToken);
}
