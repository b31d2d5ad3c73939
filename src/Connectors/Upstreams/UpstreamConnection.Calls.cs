using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    private TaskCompletionSource _clientChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls a tool by the upstream's own name. Requests the upstream makes meanwhile are relayed to <paramref name="peer"/>.</summary>
    public async ValueTask<CallToolResult> CallToolAsync(
        string tool,
        IDictionary<string, JsonElement>? arguments,
        JsonObject? meta,
        IProgress<ProgressNotificationValue>? progress,
        IDownstreamPeer? peer,
        CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        if (peer is not null)
        {
            _inFlight[id] = peer;
        }

        try
        {
            var args = arguments?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal);
            var options = meta is null ? null : new RequestOptions { Meta = meta };
            return await WithClientAsync((c, ct) => c.CallToolAsync(tool, args, progress, options, ct), cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    /// <summary>Reads a resource by the upstream's own URI.</summary>
    public ValueTask<ReadResourceResult> ReadResourceAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync((c, ct) => c.ReadResourceAsync(uri, cancellationToken: ct), cancellationToken);

    /// <summary>Gets a prompt by the upstream's own name.</summary>
    public ValueTask<GetPromptResult> GetPromptAsync(string name, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken) =>
        WithClientAsync((c, ct) => c.GetPromptAsync(new GetPromptRequestParams { Name = name, Arguments = arguments }, ct), cancellationToken);

    /// <summary>Asks the upstream for completions.</summary>
    public ValueTask<CompleteResult> CompleteAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
        WithClientAsync((c, ct) => c.CompleteAsync(request, ct), cancellationToken);

    /// <summary>Subscribes the gateway to a resource's updates.</summary>
    public ValueTask<bool> SubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(async (c, ct) => { await c.SubscribeToResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    /// <summary>Ends the gateway's subscription to a resource.</summary>
    public ValueTask<bool> UnsubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(async (c, ct) => { await c.UnsubscribeFromResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    /// <summary>Sets the upstream's log level.</summary>
    public ValueTask<bool> SetLoggingLevelAsync(LoggingLevel level, CancellationToken cancellationToken) =>
        WithClientAsync(async (c, ct) => { await c.SetLoggingLevelAsync(level, cancellationToken: ct); return true; }, cancellationToken);

    /// <summary>
    /// Runs an operation on the current client. An HTTP upstream that answers 404 has forgotten our session (it
    /// restarted or expired it) and so never processed the request: reconnect once and replay it.
    /// </summary>
    private async ValueTask<T> WithClientAsync<T>(Func<McpClient, CancellationToken, ValueTask<T>> operation, CancellationToken ct)
    {
        var client = _client ?? throw Unavailable();
        try
        {
            return await operation(client, ct);
        }
        catch (Exception ex) when (Config.Kind == ConnectorKind.McpHttp && IsSessionGone(ex, client))
        {
            Log.SessionExpired(_logger, Config.Name);
            var fresh = await ReconnectAsync(client, ct);
            return await operation(fresh, ct);
        }
    }

    private async Task<McpClient> ReconnectAsync(McpClient stale, CancellationToken ct)
    {
        var changed = _clientChanged.Task;
        if (ReferenceEquals(_client, stale))
        {
            _broken.TrySetResult();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ConnectTimeout);
        while (true)
        {
            if (_client is { } current && !ReferenceEquals(current, stale))
            {
                return current;
            }

            await changed.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            timeout.Token.ThrowIfCancellationRequested();
            changed = _clientChanged.Task;
        }
    }

    private void SignalClientChanged() => Interlocked.Exchange(ref _clientChanged, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static bool IsSessionGone(Exception ex, McpClient client)
    {
        if (client.Completion.IsCompleted && client.Completion.Result is HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound })
        {
            return true;
        }

        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.NotFound } ||
                (e is McpException && e.Message.Contains("404", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private UpstreamUnavailableException Unavailable() =>
        new($"Connector '{Config.Name}' is not connected ({(_status.Reason ?? _status.State.ToString().ToLowerInvariant())}); nothing was sent to it.");
}
