using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams.InProcess;

/// <summary>
/// The tools of a connector the gateway serves itself (<c>openapi</c>, <c>sql</c>): what an in-process MCP server
/// lists and calls. Disposed with the connection's client.
/// </summary>
internal interface IInProcessUpstream : IAsyncDisposable
{
    /// <summary>The tools, as the upstream lists them (names, schemas, annotations).</summary>
    IReadOnlyList<Tool> Tools { get; }

    /// <summary>
    /// Runs one tool. A failure the caller's model can act on is a result with <c>isError</c>; a failure to reach the
    /// backend at all is thrown as an <c>McpProtocolException</c>, which the pipeline treats as an upstream error
    /// (retried when the tool is safe to repeat).
    /// </summary>
    ValueTask<CallToolResult> CallAsync(CallToolRequestParams request, CancellationToken cancellationToken);
}
