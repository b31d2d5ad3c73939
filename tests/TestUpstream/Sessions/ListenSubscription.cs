using ModelContextProtocol.Protocol;

namespace TestUpstream.Sessions;

/// <summary>
/// An open 2026-07-28 <c>subscriptions/listen</c> request: its id (the subscription id), the resource
/// URIs it asked for, and the transport its notifications must travel on (null for stdio).
/// </summary>
internal sealed record ListenSubscription(RequestId Id, IReadOnlyList<string> Uris, ITransport? RelatedTransport);
