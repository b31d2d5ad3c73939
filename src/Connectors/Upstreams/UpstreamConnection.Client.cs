using System.Collections.Concurrent;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    /// <summary>The first revision without sessions: per-request <c>_meta</c>, <c>subscriptions/listen</c>, MRTR.</summary>
    internal const string StatelessRevision = "2026-07-28";

    /// <summary>How long the SDK waits for a stdio upstream's <c>server/discover</c> before it falls back to <c>initialize</c>.</summary>
    private static readonly TimeSpan StdioDiscoverProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The peer of the call on whose flow the code runs (see <see cref="PeerFor"/>).</summary>
    private static readonly AsyncLocal<IDownstreamPeer?> CallPeer = new();

    private readonly ConcurrentDictionary<long, IDownstreamPeer> _inFlight = new();
    private long _nextCallId;

    // The log level a 2026-07-28 upstream is asked for on each request (a LoggingLevel), or -1 for none.
    private int _logLevel = -1;

    /// <summary>The MCP revision negotiated with the connected upstream; null while it is not connected.</summary>
    public string? ProtocolVersion => _client?.NegotiatedProtocolVersion;

    /// <summary>True when the client speaks a revision without sessions (2026-07-28 or later) to its upstream.</summary>
    private static bool IsStateless(McpClient client) =>
        client.NegotiatedProtocolVersion is { } version && string.CompareOrdinal(version, StatelessRevision) >= 0;

    private McpClientOptions CreateClientOptions() => new()
    {
        ClientInfo = new Implementation { Name = "mcpgw", Version = GatewayInfo.Version },
        Capabilities = new ClientCapabilities
        {
            // The gateway relays these to the client that made the call.
            Sampling = new SamplingCapability(),
            Elicitation = new ElicitationCapability(),
            Roots = new RootsCapability(),
        },
        InitializationTimeout = _options.ConnectTimeout,

        // No ProtocolVersion: the SDK probes server/discover and speaks 2026-07-28 to an upstream that answers it, and
        // falls back to initialize (2025-11-25 or older) on an error. Only a stdio server can ignore the probe (an HTTP
        // server always answers, perhaps slowly while it warms up), so only stdio gets the short probe timeout: a
        // silent 2025 stdio server costs it once per connect.
        DiscoverProbeTimeout = Config.Kind == ConnectorKind.McpStdio && _options.ConnectTimeout > StdioDiscoverProbeTimeout
            ? StdioDiscoverProbeTimeout
            : _options.ConnectTimeout,
        Handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, ct) => RelaySamplingAsync(request, ct),
            ElicitationHandler = (request, ct) => RelayElicitationAsync(request, ct),
            RootsHandler = (request, ct) => RelayRootsAsync(request, ct),
            NotificationHandlers =
            [
                new(NotificationMethods.ToolListChangedNotification, (_, ct) => RefreshAsync(CatalogChange.Tools, ct)),
                new(NotificationMethods.ResourceListChangedNotification, (_, ct) => RefreshAsync(CatalogChange.Resources, ct)),
                new(NotificationMethods.PromptListChangedNotification, (_, ct) => RefreshAsync(CatalogChange.Prompts, ct)),
                new(NotificationMethods.ResourceUpdatedNotification, OnResourceUpdated),
                new(NotificationMethods.LoggingMessageNotification, OnLogMessage),
            ],
        },
    };

    // The listings go out together: one round trip to a remote upstream, and a freshly started child answers them at once.
    private static async Task<UpstreamInventory> ListInventoryAsync(McpClient client, CancellationToken ct)
    {
        var caps = client.ServerCapabilities;
        var tools = caps.Tools is null ? Task.FromResult<IList<McpClientTool>>([]) : client.ListToolsAsync(cancellationToken: ct).AsTask();
        var resources = caps.Resources is null ? Task.FromResult<IList<McpClientResource>>([]) : client.ListResourcesAsync(cancellationToken: ct).AsTask();
        var templates = caps.Resources is null
            ? Task.FromResult<IList<McpClientResourceTemplate>>([])
            : client.ListResourceTemplatesAsync(cancellationToken: ct).AsTask();
        var prompts = caps.Prompts is null ? Task.FromResult<IList<McpClientPrompt>>([]) : client.ListPromptsAsync(cancellationToken: ct).AsTask();
        await Task.WhenAll(tools, resources, templates, prompts);
        return new UpstreamInventory
        {
            Tools = [.. (await tools).Select(t => t.ProtocolTool)],
            Resources = [.. (await resources).Select(r => r.ProtocolResource)],
            ResourceTemplates = [.. (await templates).Select(r => r.ProtocolResourceTemplate)],
            Prompts = [.. (await prompts).Select(p => p.ProtocolPrompt)],
            Capabilities = caps,
        };
    }

    // Before a listing reaches the catalog, its tools are judged against their pinned definitions (quarantine, auto-accept).
    private Task<UpstreamInventory> PinAsync(UpstreamInventory inventory, CancellationToken ct) =>
        Hub.Pins is { } pins ? pins.CheckAsync(Config, inventory, ct) : Task.FromResult(inventory);

    private async ValueTask RefreshAsync(CatalogChange change, CancellationToken ct)
    {
        var client = _client;
        if (client is null)
        {
            return;
        }

        // Listing from inside the notification handler would wait on the same message loop; do it off the loop.
        _ = Task.Run(
            async () =>
            {
                try
                {
                    var inventory = await PinAsync(await ListInventoryAsync(client, _stopping.Token), _stopping.Token);
                    if (ReferenceEquals(client, _client))
                    {
                        _catalog.Publish(Config, inventory, change);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RefreshFailed(_logger, Config.Name, ex.Message);
                }
            },
            CancellationToken.None);
        await ValueTask.CompletedTask;
    }

    private ValueTask OnResourceUpdated(JsonRpcNotification notification, CancellationToken ct)
    {
        var p = notification.Params?.Deserialize<ResourceUpdatedNotificationParams>(McpJsonUtilities.DefaultOptions);
        if (p?.Uri is { } uri)
        {
            Hub.RaiseResourceUpdated(Config.Name, uri);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnLogMessage(JsonRpcNotification notification, CancellationToken ct)
    {
        var p = notification.Params?.Deserialize<LoggingMessageNotificationParams>(McpJsonUtilities.DefaultOptions);
        if (p is not null)
        {
            Hub.RaiseLogMessage(Config.Name, p);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask<CreateMessageResult> RelaySamplingAsync(CreateMessageRequestParams? request, CancellationToken ct)
    {
        var peer = PeerFor(p => p.SupportsSampling)
            ?? throw new McpProtocolException("The client that made this call cannot answer the upstream's sampling request.", McpErrorCode.InvalidRequest);
        return peer.SampleAsync(request!, ct);
    }

    private ValueTask<ElicitResult> RelayElicitationAsync(ElicitRequestParams? request, CancellationToken ct)
    {
        var peer = PeerFor(p => p.SupportsElicitation)
            ?? throw new McpProtocolException("The client that made this call cannot answer the upstream's elicitation request.", McpErrorCode.InvalidRequest);
        return peer.ElicitAsync(request!, ct);
    }

    private ValueTask<ListRootsResult> RelayRootsAsync(ListRootsRequestParams? request, CancellationToken ct)
    {
        var peer = PeerFor(p => p.SupportsRoots)
            ?? throw new McpProtocolException("The client that made this call cannot answer the upstream's roots request.", McpErrorCode.InvalidRequest);
        return peer.ListRootsAsync(request ?? new ListRootsRequestParams(), ct);
    }

    /// <summary>
    /// Who answers an upstream's request. A 2026-07-28 upstream's requests come inside its answer to one call
    /// (an <c>InputRequiredResult</c>), which the SDK resolves on that call's flow: that call's peer, or nobody. A
    /// 2025-11-25 upstream sends them as requests of its own, which name no call: <see cref="PickPeer"/>.
    /// </summary>
    private IDownstreamPeer? PeerFor(Func<IDownstreamPeer, bool> supports) =>
        _client is { } client && IsStateless(client)
            ? CallPeer.Value is { } peer && supports(peer) ? peer : null
            : PickPeer(supports);

    /// <summary>
    /// The upstream's request carries no reference to the call it belongs to, so it goes to the newest in-flight
    /// call on this connector whose client supports it: exact when calls do not overlap, the best guess when they do.
    /// </summary>
    private IDownstreamPeer? PickPeer(Func<IDownstreamPeer, bool> supports)
    {
        IDownstreamPeer? best = null;
        var bestId = long.MinValue;
        foreach (var (id, peer) in _inFlight)
        {
            if (id > bestId && supports(peer))
            {
                best = peer;
                bestId = id;
            }
        }

        return best;
    }
}
