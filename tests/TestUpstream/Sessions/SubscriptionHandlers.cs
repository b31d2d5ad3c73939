using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Sessions;

/// <summary>The <c>resources/subscribe</c> and <c>resources/unsubscribe</c> handlers.</summary>
internal sealed class SubscriptionHandlers(SessionRegistry sessions)
{
    public ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Params?.Uri is { } uri)
        {
            sessions.Find(context.Server)?.Add(uri);
        }

        return ValueTask.FromResult(new EmptyResult());
    }

    public ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Params?.Uri is { } uri)
        {
            sessions.Find(context.Server)?.Remove(uri);
        }

        return ValueTask.FromResult(new EmptyResult());
    }
}
