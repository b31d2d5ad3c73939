using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Sessions;

/// <summary>
/// One session's root server and its resource subscriptions: URIs from <c>resources/subscribe</c>
/// (protocol revisions up to 2025-11-25) and open <c>subscriptions/listen</c> requests (2026-07-28).
/// </summary>
internal sealed class SessionSubscriptions(McpServer server)
{
    private readonly ConcurrentDictionary<string, byte> _uris = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RequestId, ListenSubscription> _listens = new();

    public McpServer Server { get; } = server;

    public void Add(string uri) => _uris.TryAdd(uri, 0);

    public void Remove(string uri) => _uris.TryRemove(uri, out _);

    public void AddListen(ListenSubscription listen) => _listens[listen.Id] = listen;

    public void RemoveListen(RequestId id) => _listens.TryRemove(id, out _);

    /// <returns>How many subscriptions of this session were notified.</returns>
    public async Task<int> NotifyUpdatedAsync(string uri, McpServer via, CancellationToken cancellationToken)
    {
        var notified = 0;
        if (_uris.ContainsKey(uri))
        {
            await via.SendNotificationAsync(
                NotificationMethods.ResourceUpdatedNotification,
                new ResourceUpdatedNotificationParams { Uri = uri },
                cancellationToken: cancellationToken);
            notified++;
        }

        foreach (var listen in _listens.Values.Where(listen => listen.Uris.Contains(uri, StringComparer.Ordinal)))
        {
            // The SDK acknowledges resourceSubscriptions but leaves delivery to the application; the
            // notice is tagged with the listen request's id as SEP-2575 requires.
            await Server.SendMessageAsync(
                new JsonRpcNotification
                {
                    Method = NotificationMethods.ResourceUpdatedNotification,
                    Params = new JsonObject
                    {
                        ["uri"] = uri,
                        ["_meta"] = new JsonObject { [MetaKeys.SubscriptionId] = ToJson(listen.Id) },
                    },
                    Context = new JsonRpcMessageContext { RelatedTransport = listen.RelatedTransport },
                },
                cancellationToken);
            notified++;
        }

        return notified;
    }

    private static JsonValue? ToJson(RequestId id) => id.Id switch
    {
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        _ => null,
    };
}
