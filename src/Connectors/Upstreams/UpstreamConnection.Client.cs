using System.Collections.Concurrent;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    private readonly ConcurrentDictionary<long, IDownstreamPeer> _inFlight = new();
    private long _nextCallId;

    private McpClientOptions CreateClientOptions() => new()
    {
        ClientInfo = new Implementation { Name = "mcpgw", Version = GatewayInfo.Version },
        Capabilities = new ClientCapabilities
        {
            // The gateway relays these to the client that made the call.
            Sampling = new SamplingCapability(),
            Elicitation = new ElicitationCapability(),
        },
        InitializationTimeout = _options.ConnectTimeout,

        // 2025-11-25 is the newest revision with the session-based features the gateway relays (resources/subscribe,
        // logging/setLevel, list_changed without subscriptions/listen); the SDK would otherwise pick 2026-07-28.
        ProtocolVersion = GatewayInfo.ProtocolVersion,
        Handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, ct) => RelaySamplingAsync(request, ct),
            ElicitationHandler = (request, ct) => RelayElicitationAsync(request, ct),
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

    private static async Task<UpstreamInventory> ListInventoryAsync(McpClient client, CancellationToken ct)
    {
        var caps = client.ServerCapabilities;
        var tools = caps.Tools is null ? [] : (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.ProtocolTool).ToList();
        IReadOnlyList<Resource> resources = [];
        IReadOnlyList<ResourceTemplate> templates = [];
        if (caps.Resources is not null)
        {
            resources = (await client.ListResourcesAsync(cancellationToken: ct)).Select(r => r.ProtocolResource).ToList();
            templates = (await client.ListResourceTemplatesAsync(cancellationToken: ct)).Select(r => r.ProtocolResourceTemplate).ToList();
        }

        var prompts = caps.Prompts is null ? [] : (await client.ListPromptsAsync(cancellationToken: ct)).Select(p => p.ProtocolPrompt).ToList();
        return new UpstreamInventory { Tools = tools, Resources = resources, ResourceTemplates = templates, Prompts = prompts, Capabilities = caps };
    }

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
                    var inventory = await ListInventoryAsync(client, _stopping.Token);
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
        var peer = PickPeer(p => p.SupportsSampling)
            ?? throw new McpProtocolException("No client connected through the gateway can answer a sampling request right now.", McpErrorCode.InvalidRequest);
        return peer.SampleAsync(request!, ct);
    }

    private ValueTask<ElicitResult> RelayElicitationAsync(ElicitRequestParams? request, CancellationToken ct)
    {
        var peer = PickPeer(p => p.SupportsElicitation)
            ?? throw new McpProtocolException("No client connected through the gateway can answer an elicitation request right now.", McpErrorCode.InvalidRequest);
        return peer.ElicitAsync(request!, ct);
    }

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
