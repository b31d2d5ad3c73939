using System.Collections.Concurrent;
using McpGateway.Mcp;
using ModelContextProtocol.Server;

namespace McpGateway.Bench.MapMcp;

/// <summary>The endpoint's server options per connector (null: the aggregated <c>/mcp</c>), made on first use.</summary>
internal sealed class FrontOptions(McpSurface surface)
{
    private readonly ConcurrentDictionary<string, McpServerOptions> _byConnector = new(StringComparer.Ordinal);

    public void CopyTo(string? connector, McpServerOptions target)
    {
        var shared = _byConnector.GetOrAdd(connector ?? string.Empty, c => surface.CreatePerRequestOptions(c.Length == 0 ? null : c, key: null));
        target.ServerInfo = shared.ServerInfo;
        target.ServerInstructions = shared.ServerInstructions;
        target.ProtocolVersion = shared.ProtocolVersion;
        target.Capabilities = shared.Capabilities;
        target.Handlers = shared.Handlers;
        target.Filters = shared.Filters;
#pragma warning disable MCPEXP002 // The tasks extension's methods are custom request handlers, an experimental seam.
        target.RequestHandlers = shared.RequestHandlers;
#pragma warning restore MCPEXP002
    }
}
