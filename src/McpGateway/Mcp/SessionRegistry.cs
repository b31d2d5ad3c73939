using System.Collections.Concurrent;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Every live client session, on every transport. Fans upstream events out to the sessions that can see them:
/// list changes, resource updates (to subscribers only) and log messages (at or above each session's level).
/// </summary>
internal sealed partial class SessionRegistry
{
    private readonly ConcurrentDictionary<McpServer, McpSession> _sessions = new();
    private readonly ConcurrentDictionary<(string Connector, string Uri), int> _upstreamSubscriptions = new();
    private readonly UpstreamHub _hub;
    private readonly ILogger<SessionRegistry> _logger;

    public SessionRegistry(UpstreamHub hub, FlowTools flowTools, ILogger<SessionRegistry> logger)
    {
        _hub = hub;
        _logger = logger;
        flowTools.Changed += OnFlowToolsChanged;
        hub.Catalog.Changed += OnCatalogChanged;
        hub.ResourceUpdated += OnResourceUpdated;
        hub.LogMessage += OnLogMessage;
    }

    public int Count => _sessions.Count;

    public McpSession Add(McpServer server, string? scope) => _sessions.GetOrAdd(server, s => new McpSession(s, scope));

    public McpSession Get(McpServer server) =>
        _sessions.TryGetValue(server, out var session) ? session : Add(server, null);

    public async Task RemoveAsync(McpServer server)
    {
        if (_sessions.TryRemove(server, out var session))
        {
            foreach (var key in session.Subscriptions.Keys)
            {
                await ReleaseUpstreamAsync(key.Connector, key.Uri);
            }
        }
    }

    /// <summary>Adds a session's subscription; the gateway subscribes upstream once per (connector, URI).</summary>
    public async Task SubscribeAsync(McpSession session, string connector, string uri, CancellationToken ct)
    {
        if (session.Subscriptions.TryAdd((connector, uri), 0))
        {
            await AcquireUpstreamAsync(connector, uri, ct);
        }
    }

    /// <summary>Counts one more interest in (connector, URI); the first subscribes upstream. Pair with <see cref="ReleaseUpstreamAsync"/>.</summary>
    public async Task AcquireUpstreamAsync(string connector, string uri, CancellationToken ct)
    {
        if (_upstreamSubscriptions.AddOrUpdate((connector, uri), 1, (_, n) => n + 1) == 1 && _hub.TryGet(connector, out var connection))
        {
            await connection.SubscribeAsync(uri, ct);
        }
    }

    public async Task UnsubscribeAsync(McpSession session, string connector, string uri)
    {
        if (session.Subscriptions.TryRemove((connector, uri), out _))
        {
            await ReleaseUpstreamAsync(connector, uri);
        }
    }

    /// <summary>Counts one interest in (connector, URI) less; the last unsubscribes upstream.</summary>
    public async Task ReleaseUpstreamAsync(string connector, string uri)
    {
        var left = _upstreamSubscriptions.AddOrUpdate((connector, uri), 0, (_, n) => n - 1);
        if (left <= 0)
        {
            _upstreamSubscriptions.TryRemove((connector, uri), out _);
            if (_hub.TryGet(connector, out var connection))
            {
                try
                {
                    await connection.UnsubscribeAsync(uri, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    Log.NotifyFailed(_logger, "resources/unsubscribe", ex.Message);
                }
            }
        }
    }

    private void OnCatalogChanged(string connector, CatalogChange change)
    {
        foreach (var session in _sessions.Values)
        {
            if (!session.Sees(connector))
            {
                continue;
            }

            if (change.HasFlag(CatalogChange.Tools))
            {
                Send(session, NotificationMethods.ToolListChangedNotification);
            }

            if (change.HasFlag(CatalogChange.Resources))
            {
                Send(session, NotificationMethods.ResourceListChangedNotification);
            }

            if (change.HasFlag(CatalogChange.Prompts))
            {
                Send(session, NotificationMethods.PromptListChangedNotification);
            }
        }

        // A reconnected upstream has forgotten the gateway's subscriptions: renew them.
        if (change == CatalogChange.All && _hub.TryGet(connector, out var connection))
        {
            foreach (var key in _upstreamSubscriptions.Keys.Where(k => k.Connector == connector))
            {
                _ = connection.SubscribeAsync(key.Uri, CancellationToken.None).AsTask()
                    .ContinueWith(t => Log.NotifyFailed(_logger, "resources/subscribe", t.Exception!.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);
            }
        }
    }

    /// <summary>Flow tools live on the aggregated endpoint only (and stdio): those sessions hear the change.</summary>
    private void OnFlowToolsChanged()
    {
        foreach (var session in _sessions.Values)
        {
            if (session.ConnectorScope is null)
            {
                Send(session, NotificationMethods.ToolListChangedNotification);
            }
        }
    }

    private void OnResourceUpdated(string connector, string uri)
    {
        foreach (var session in _sessions.Values)
        {
            if (session.Subscriptions.ContainsKey((connector, uri)))
            {
                var shown = session.ConnectorScope is null ? ResourceNaming.WrapUri(connector, uri) : uri;
                Send(session, NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = shown });
            }
        }
    }

    private void OnLogMessage(string connector, LoggingMessageNotificationParams message)
    {
        foreach (var session in _sessions.Values)
        {
            if (session.Sees(connector) && session.LogLevel is { } level && message.Level >= level)
            {
                var shown = new LoggingMessageNotificationParams
                {
                    Level = message.Level,
                    Data = message.Data,
                    Logger = session.ConnectorScope is null ? $"{connector}/{message.Logger ?? ""}".TrimEnd('/') : message.Logger,
                };
                Send(session, NotificationMethods.LoggingMessageNotification, shown);
            }
        }
    }

    private void Send(McpSession session, string method)
    {
        // A 2026-07-28 client (on stdio) hears list changes only on the subscriptions/listen streams it opened (ListenStreams).
        if (session.Server.NegotiatedProtocolVersion != PerRequestMeta.Revision)
        {
            Observe(session.Server.SendNotificationAsync(method, CancellationToken.None), method);
        }
    }

    private void Send<T>(McpSession session, string method, T payload) =>
        Observe(session.Server.SendNotificationAsync(method, payload, cancellationToken: CancellationToken.None), method);

    private void Observe(Task task, string method) =>
        task.ContinueWith(t => Log.NotifyFailed(_logger, method, t.Exception!.GetBaseException().Message), TaskContinuationOptions.OnlyOnFaulted);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Could not send {Method} to a session: {Reason}")]
        public static partial void NotifyFailed(ILogger logger, string method, string reason);
    }
}
