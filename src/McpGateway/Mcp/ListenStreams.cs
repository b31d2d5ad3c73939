using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// The open <c>subscriptions/listen</c> streams of 2026-07-28 clients, on every transport: the acknowledgement first,
/// then only the notifications each stream opted into and may see (list changes of the connectors the endpoint and key
/// reach, updates of the resources it subscribed to), until the client closes the stream or the gateway stops, when
/// the listen gets its final response. Resource subscriptions share the sessions' upstream subscriptions
/// (<see cref="SessionRegistry"/>).
/// </summary>
internal sealed partial class ListenStreams
{
    /// <summary>The <c>_meta</c> key every notification of a listen stream carries.</summary>
    public const string SubscriptionIdKey = "io.modelcontextprotocol/subscriptionId";

    /// <summary>Listens one gateway process holds open at most; past this a listen is refused.</summary>
    public const int MaxOpen = 4096;

    /// <summary>Resource URIs one listen may subscribe to; the rest are left out of the acknowledgement.</summary>
    public const int MaxResources = 256;

    private readonly ConcurrentDictionary<ListenStream, byte> _open = new();
    private readonly ConcurrentDictionary<JsonRpcMessageContext, ListenStream> _unanswered = new(ReferenceEqualityComparer.Instance);
    private readonly SessionRegistry _sessions;
    private readonly ILogger<ListenStreams> _logger;
    private readonly CancellationToken _stopping;

    public ListenStreams(UpstreamHub hub, FlowTools flowTools, SessionRegistry sessions, IHostApplicationLifetime lifetime, ILogger<ListenStreams> logger)
    {
        _sessions = sessions;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        hub.Catalog.Changed += OnCatalogChanged;
        flowTools.Changed += OnFlowToolsChanged;
        hub.ResourceUpdated += OnResourceUpdated;
    }

    /// <summary>Listens open now.</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Serves one listen: subscribes upstream for its resources, acknowledges what it was granted, relays its
    /// notifications until the client closes the stream (<paramref name="ct"/>) or the gateway stops (then answers it).
    /// </summary>
    public async ValueTask<EmptyResult> RunAsync(ListenStream stream, CancellationToken ct)
    {
        if (_open.Count >= MaxOpen)
        {
            throw new McpProtocolException($"This gateway holds {MaxOpen} subscriptions/listen streams open already; close one first.", McpErrorCode.InvalidRequest);
        }

        if (stream.Context is { } context)
        {
            _unanswered[context] = stream;
        }

        var subscribed = new List<(string Connector, string Uri)>();
        var graceful = false;
        try
        {
            foreach (var target in stream.Resources.Keys.ToList())
            {
                try
                {
                    await _sessions.AcquireUpstreamAsync(target.Connector, target.Uri, ct);
                    subscribed.Add(target);
                }
                catch (Exception ex) when (ex is McpException or IOException or InvalidOperationException)
                {
                    await _sessions.ReleaseUpstreamAsync(target.Connector, target.Uri);
                    stream.Resources.Remove(target);
                    Log.SubscribeFailed(_logger, target.Connector, ex.Message);
                }
            }

            // Registered once its resource list is final (the fan-out reads it); what changes from here on is sent after the ack.
            _open[stream] = 0;
            var granted = new SubscriptionsListenNotifications
            {
                ToolsListChanged = stream.Granted.ToolsListChanged,
                PromptsListChanged = stream.Granted.PromptsListChanged,
                ResourcesListChanged = stream.Granted.ResourcesListChanged,
                ResourceSubscriptions = stream.Resources.Count > 0 ? stream.Resources.Values.ToList() : null,
            };
            var ack = JsonSerializer.SerializeToNode(
                new SubscriptionsAcknowledgedNotificationParams { Notifications = granted },
                McpJsonUtilities.DefaultOptions) as JsonObject;
            await stream.SendAsync(NotificationMethods.SubscriptionsAcknowledgedNotification, ack, ct);

            // The request's token ends when the client goes away (on HTTP its closed stream, through RequestAbortFilter).
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping);
            try
            {
                await foreach (var (method, parameters) in stream.Pending.Reader.ReadAllAsync(ends.Token))
                {
                    await stream.SendAsync(method, parameters, ct);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The gateway is stopping: answer the listen, which tells the client the end was planned.
                graceful = true;
            }
        }
        finally
        {
            _open.TryRemove(stream, out _);
            if (!graceful && stream.Context is { } c)
            {
                _unanswered.TryRemove(c, out _);
                stream.Answered.TrySetResult();
            }

            foreach (var (connector, uri) in subscribed)
            {
                await _sessions.ReleaseUpstreamAsync(connector, uri);
            }
        }

        ct.ThrowIfCancellationRequested();
        return new EmptyResult { Meta = new JsonObject { [SubscriptionIdKey] = stream.IdNode() } };
    }

    /// <summary>Waits until every listen ended by the gateway's stop has had its final response written.</summary>
    public Task DrainAsync(CancellationToken ct) =>
        Task.WhenAll(_unanswered.Values.Select(s => s.Answered.Task)).WaitAsync(ct);

    /// <summary>
    /// An outgoing filter that notices when a listen's final response has been written (the SDK sends it after the
    /// handler returns), so a stopping host can wait for it before it closes the transport.
    /// </summary>
    public McpMessageFilter AnsweredFilter() => next => async (context, ct) =>
    {
        await next(context, ct);
        if (context.JsonRpcMessage is JsonRpcResponse { Context: { } sent } && !_unanswered.IsEmpty && _unanswered.TryRemove(sent, out var stream))
        {
            stream.Answered.TrySetResult();
        }
    };

    private void OnCatalogChanged(string connector, CatalogChange change)
    {
        foreach (var stream in _open.Keys)
        {
            if (!stream.Sees(connector))
            {
                continue;
            }

            if (change.HasFlag(CatalogChange.Tools) && stream.Granted.ToolsListChanged == true)
            {
                stream.Post(NotificationMethods.ToolListChangedNotification);
            }

            if (change.HasFlag(CatalogChange.Resources) && stream.Granted.ResourcesListChanged == true)
            {
                stream.Post(NotificationMethods.ResourceListChangedNotification);
            }

            if (change.HasFlag(CatalogChange.Prompts) && stream.Granted.PromptsListChanged == true)
            {
                stream.Post(NotificationMethods.PromptListChangedNotification);
            }
        }
    }

    private void OnFlowToolsChanged()
    {
        foreach (var stream in _open.Keys.Where(s => s.SeesFlowTools && s.Granted.ToolsListChanged == true))
        {
            stream.Post(NotificationMethods.ToolListChangedNotification);
        }
    }

    private void OnResourceUpdated(string connector, string uri)
    {
        foreach (var stream in _open.Keys)
        {
            if (stream.Resources.TryGetValue((connector, uri), out var shown))
            {
                stream.Post(NotificationMethods.ResourceUpdatedNotification, new JsonObject { ["uri"] = shown });
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "A subscriptions/listen could not subscribe upstream at '{Connector}': {Reason}")]
        public static partial void SubscribeFailed(ILogger logger, string connector, string reason);
    }
}
