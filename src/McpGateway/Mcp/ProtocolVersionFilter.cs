using McpGateway.Connectors;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Version negotiation for the gateway's sessions. Sessions are created pinned to <see cref="GatewayInfo.ProtocolVersion"/>
/// (the newest session-based revision, whose features the gateway relays), which alone would answer every
/// client with that revision. The spec says a server that supports the requested revision answers with it, so
/// an initialize asking for an older revision the gateway also speaks gets that revision.
/// </summary>
internal static class ProtocolVersionFilter
{
    private static readonly string[] OlderRevisions = ["2024-11-05", "2025-03-26", "2025-06-18"];

    public static McpMessageFilter Create() => next => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.Initialize } request &&
            request.Params?["protocolVersion"]?.GetValue<string>() is { } requested &&
            OlderRevisions.Contains(requested, StringComparer.Ordinal))
        {
            context.Server.ServerOptions.ProtocolVersion = requested;
        }

        return next(context, cancellationToken);
    };
}
