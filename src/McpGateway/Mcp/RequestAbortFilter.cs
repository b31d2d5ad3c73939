using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Cancellation for a stateless revision (2026-07-28): a client cancels a request by closing its response stream, and
/// the server that answers it is shared by every request of the key on the endpoint (it is not disposed with the
/// request). The transport puts the request's abort token in the message's items; this filter links it to the token
/// the handler gets, so the call (and the upstream call under it) ends when the client leaves.
/// </summary>
internal static class RequestAbortFilter
{
    /// <summary>The item naming the <see cref="CancellationToken"/> that fires when the client closes the request.</summary>
    public const string Item = "mcpgw.request_aborted";

    /// <summary>A message context whose items carry <paramref name="aborted"/> for <see cref="Create"/> to link.</summary>
    public static JsonRpcMessageContext ContextFor(CancellationToken aborted) =>
        new() { Items = new Dictionary<string, object?>(1) { [Item] = aborted } };

    public static McpMessageFilter Create() => next => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage.Context?.Items?.TryGetValue(Item, out var value) is not true || value is not CancellationToken { CanBeCanceled: true } aborted)
        {
            await next(context, cancellationToken);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
        await next(context, linked.Token);
    };
}
