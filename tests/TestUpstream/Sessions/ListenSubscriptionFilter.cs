using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Sessions;

/// <summary>
/// An incoming message filter that records the resource URIs of each <c>subscriptions/listen</c>
/// request for as long as the SDK's built-in handler keeps that request open.
/// </summary>
internal static class ListenSubscriptionFilter
{
    public static McpMessageFilter Create(SessionRegistry sessions) => next => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest { Method: RequestMethods.SubscriptionsListen } request
            || sessions.Find(context.Server) is not { } session
            || ReadUris(request) is not { Count: > 0 } uris)
        {
            await next(context, cancellationToken);
            return;
        }

        session.AddListen(new ListenSubscription(request.Id, uris, request.Context?.RelatedTransport));
        try
        {
            await next(context, cancellationToken);
        }
        finally
        {
            session.RemoveListen(request.Id);
        }
    };

    private static List<string>? ReadUris(JsonRpcRequest request) =>
        request.Params?["notifications"]?["resourceSubscriptions"] is JsonArray uris
            ? [.. uris.OfType<JsonValue>().Select(uri => uri.TryGetValue<string>(out var text) ? text : null).OfType<string>()]
            : null;
}
