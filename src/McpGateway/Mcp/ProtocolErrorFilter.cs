using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Tells the transport a request's handler failed with a JSON-RPC error, before the error is written: on the stateless
/// HTTP path the specification gives some codes an HTTP status of their own (-32021 → 400), and a handler may fail long
/// after the request arrived (an upstream's -32021 comes back after the upstream call). The transport puts a callback in
/// the message's items (<see cref="Item"/>); nothing happens without one.
/// </summary>
internal static class ProtocolErrorFilter
{
    /// <summary>The item holding an <see cref="Action{T}"/> of the error code.</summary>
    public const string Item = "mcpgw.protocol_error";

    public static McpMessageFilter Create() => next => async (context, cancellationToken) =>
    {
        try
        {
            await next(context, cancellationToken);
        }
        catch (McpProtocolException ex) when (context.JsonRpcMessage.Context?.Items?.TryGetValue(Item, out var value) is true && value is Action<int> failed)
        {
            failed((int)ex.ErrorCode);
            throw;
        }
    };
}
