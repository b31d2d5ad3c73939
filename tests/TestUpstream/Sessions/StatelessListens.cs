using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Sessions;

/// <summary>
/// The open 2026-07-28 <c>subscriptions/listen</c> requests of stateless Streamable HTTP clients. The SDK's built-in
/// handler acknowledges such a request with an empty filter and ends it at once (nothing outlives a stateless
/// request), so the HTTP host replaces it with <see cref="ListenAsync"/>: the POST stays open until the client
/// closes it and carries the list changes and resource updates it asked for, tagged with its subscription id.
/// </summary>
internal sealed class StatelessListens
{
    private readonly ConcurrentDictionary<object, Listener> _listeners = new();

    /// <summary>Pushes <c>*/list_changed</c> to the listeners whenever one of the shared collections changes.</summary>
    public void Watch(McpServerOptions options)
    {
        if (options.ToolCollection is { } tools)
        {
            tools.Changed += (_, _) => _ = BroadcastAsync(NotificationMethods.ToolListChangedNotification, n => n.ToolsListChanged == true);
        }

        if (options.PromptCollection is { } prompts)
        {
            prompts.Changed += (_, _) => _ = BroadcastAsync(NotificationMethods.PromptListChangedNotification, n => n.PromptsListChanged == true);
        }

        if (options.ResourceCollection is { } resources)
        {
            resources.Changed += (_, _) => _ = BroadcastAsync(NotificationMethods.ResourceListChangedNotification, n => n.ResourcesListChanged == true);
        }
    }

    public async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> context, CancellationToken cancellationToken)
    {
        var requested = context.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var granted = new SubscriptionsListenNotifications
        {
            ToolsListChanged = requested.ToolsListChanged == true ? true : null,
            PromptsListChanged = requested.PromptsListChanged == true ? true : null,
            ResourcesListChanged = requested.ResourcesListChanged == true ? true : null,
            ResourceSubscriptions = requested.ResourceSubscriptions is { Count: > 0 } uris ? [.. uris] : null,
        };

        // context.Server is bound to this request's response stream, so everything sent through it rides on it.
        var listener = new Listener(context.Server, context.JsonRpcRequest.Id, granted);
        var ack = JsonSerializer.SerializeToNode(
            new SubscriptionsAcknowledgedNotificationParams { Notifications = granted }, McpJsonUtilities.DefaultOptions)!.AsObject();
        await listener.SendAsync(NotificationMethods.SubscriptionsAcknowledgedNotification, ack, cancellationToken);

        var key = new object();
        _listeners[key] = listener;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            _listeners.TryRemove(key, out _);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new EmptyResult();
    }

    /// <returns>How many listeners asked for updates of <paramref name="uri"/> and were sent one.</returns>
    public async Task<int> NotifyResourceUpdatedAsync(string uri, CancellationToken cancellationToken)
    {
        var notified = 0;
        foreach (var listener in _listeners.Values.Where(l => l.Granted.ResourceSubscriptions?.Contains(uri, StringComparer.Ordinal) == true))
        {
            if (await listener.TrySendAsync(NotificationMethods.ResourceUpdatedNotification, new JsonObject { ["uri"] = uri }, cancellationToken))
            {
                notified++;
            }
        }

        return notified;
    }

    private async Task BroadcastAsync(string method, Func<SubscriptionsListenNotifications, bool> wants)
    {
        foreach (var listener in _listeners.Values.Where(l => wants(l.Granted)))
        {
            await listener.TrySendAsync(method, new JsonObject(), CancellationToken.None);
        }
    }

    private sealed record Listener(McpServer Server, RequestId Id, SubscriptionsListenNotifications Granted)
    {
        public Task SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            parameters["_meta"] = new JsonObject
            {
                [MetaKeys.SubscriptionId] = Id.Id switch
                {
                    string text => JsonValue.Create(text),
                    long number => JsonValue.Create(number),
                    _ => null,
                },
            };
            return Server.SendNotificationAsync(method, parameters, cancellationToken: cancellationToken);
        }

        /// <summary>A closed stream fails only its own listener.</summary>
        public async Task<bool> TrySendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            try
            {
                await SendAsync(method, parameters, cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
