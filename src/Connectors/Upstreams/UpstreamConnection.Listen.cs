using System.Collections.Concurrent;
using McpGateway.Connectors.Catalog;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    private readonly ConcurrentDictionary<string, byte> _listenedResources = new(StringComparer.Ordinal);
    private readonly Lock _listenLock = new();
    private CancellationTokenSource? _listen;

    /// <summary>
    /// A 2026-07-28 upstream pushes list changes and resource updates only on a <c>subscriptions/listen</c> request
    /// the client keeps open (the SDK client does not open one). One per connection: its notifications reach the
    /// same handlers a 2025 session's do (catalog refresh, resource updates). It is opened again, bounded by the
    /// backoff, when the upstream ends it, and replaced when the set of subscribed resources changes.
    /// </summary>
    private void StartListening(McpClient client)
    {
        var caps = client.ServerCapabilities;
        if (!IsStateless(client) || (caps.Tools?.ListChanged != true && caps.Prompts?.ListChanged != true
            && caps.Resources?.ListChanged != true && caps.Resources?.Subscribe != true))
        {
            return;
        }

        CancellationTokenSource listen;
        lock (_listenLock)
        {
            StopListeningLocked();
            listen = _listen = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        }

        _ = Task.Run(() => ListenAsync(client, listen.Token), CancellationToken.None);
    }

    private void StopListening()
    {
        lock (_listenLock)
        {
            StopListeningLocked();
        }
    }

    private void StopListeningLocked()
    {
        _listen?.Cancel();
        _listen?.Dispose();
        _listen = null;
    }

    private void ChangeListenedResources(McpClient client, string uri, bool subscribe)
    {
        var changed = subscribe ? _listenedResources.TryAdd(uri, 0) : _listenedResources.TryRemove(uri, out _);
        if (changed && ReferenceEquals(client, _client))
        {
            StartListening(client);
        }
    }

    private async Task ListenAsync(McpClient client, CancellationToken ct)
    {
        for (var attempt = 0; !ct.IsCancellationRequested && ReferenceEquals(client, _client); attempt++)
        {
            if (attempt > 0)
            {
                try
                {
                    await Task.Delay(Backoff(attempt - 1), _time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                // Changes made while no stream was open were not announced: list again.
                await RefreshAsync(CatalogChange.All, ct);
            }

            var caps = client.ServerCapabilities;
            var resources = _listenedResources.Keys.Order(StringComparer.Ordinal).ToList();
            var filter = new SubscriptionsListenNotifications
            {
                ToolsListChanged = caps.Tools?.ListChanged == true ? true : null,
                PromptsListChanged = caps.Prompts?.ListChanged == true ? true : null,
                ResourcesListChanged = caps.Resources?.ListChanged == true ? true : null,
                ResourceSubscriptions = resources.Count > 0 && caps.Resources?.Subscribe == true ? resources : null,
            };
            try
            {
                await client.SendRequestAsync<SubscriptionsListenRequestParams, EmptyResult>(
                    RequestMethods.SubscriptionsListen,
                    new SubscriptionsListenRequestParams { Notifications = filter },
                    McpJsonUtilities.DefaultOptions,
                    cancellationToken: ct);
                Log.ListenEnded(_logger, Config.Name, "the upstream ended it");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ListenEnded(_logger, Config.Name, _secrets.Redact(ex.Message));
            }
        }
    }
}
