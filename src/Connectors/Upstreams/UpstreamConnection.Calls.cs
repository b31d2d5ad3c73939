using System.Globalization;
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
    private long _nextRequestId;
    private TaskCompletionSource _clientChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Calls a tool by the upstream's own name. Requests the upstream makes meanwhile are relayed to <paramref name="peer"/>.
    /// <paramref name="replaySafe"/>: the tool may run twice without harm (read-only or idempotent). When the peer takes
    /// input requests itself and the upstream speaks 2026-07-28, an <c>InputRequiredResult</c> is thrown as an
    /// <see cref="InputRequiredException"/> carrying it as the upstream wrote it; <paramref name="round"/> sends the
    /// answers back. <paramref name="clientCapabilities"/>: what a 2026-07-28 upstream is told the caller can answer
    /// (null: the gateway's own). When they include the tasks extension, the upstream may answer with a task: the result
    /// then has <see cref="Result.ResultType"/> <c>"task"</c> and the task's fields as its structured content.
    /// </summary>
    public async ValueTask<CallToolResult> CallToolAsync(
        string tool,
        IDictionary<string, JsonElement>? arguments,
        JsonObject? meta,
        IProgress<ProgressNotificationValue>? progress,
        IDownstreamPeer? peer,
        bool replaySafe,
        CancellationToken cancellationToken,
        InputRound? round = null,
        ClientCapabilities? clientCapabilities = null)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        if (peer is not null)
        {
            _inFlight[id] = peer;
        }

        // A 2026-07-28 upstream's input requests belong to this request: the SDK resolves them on this call's flow,
        // where the handlers find this call's peer (never another call's).
        CallPeer.Value = peer;
        try
        {
            return await WithClientAsync((c, ct) => SendCallAsync(c, tool, arguments, meta, progress, peer, round, clientCapabilities, ct), cancellationToken, replaySafe);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Sends tools/call with a request id of our own, so a cancelled call can be cancelled upstream with
    /// <c>notifications/cancelled</c> (the SDK client does not send it when its token fires), and with a progress
    /// token of our own whose notifications are relayed to <paramref name="progress"/>.
    /// </summary>
    private async ValueTask<CallToolResult> SendCallAsync(
        McpClient client,
        string tool,
        IDictionary<string, JsonElement>? arguments,
        JsonObject? meta,
        IProgress<ProgressNotificationValue>? progress,
        IDownstreamPeer? peer,
        InputRound? round,
        ClientCapabilities? clientCapabilities,
        CancellationToken ct)
    {
        var requestId = NextRequestId();
        var request = new CallToolRequestParams { Name = tool, Arguments = arguments, Meta = meta, InputResponses = round?.Responses, RequestState = round?.State };
        IDisposable? progressRegistration = null;
        if (progress is not null)
        {
            request.Meta = meta is null ? [] : (JsonObject)meta.DeepClone();
            request.Meta["progressToken"] = requestId.ToString();
            progressRegistration = _progress.Register(requestId.ToString(), progress);
        }

        using (progressRegistration)
        {
            try
            {
                return ToCallToolResult(await SendAsync(client, RequestMethods.ToolsCall, request, requestId, peer, clientCapabilities, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && !(IsStateless(client) && Config.Kind == ConnectorKind.McpHttp))
            {
                // A 2026-07-28 HTTP upstream learns of the cancellation from its closed response stream; that revision has
                // no client-to-server notifications over HTTP.
                // Not a ct.Register callback: the SDK completes the request inline from its own registration,
                // so ours would be disposed on the way out before it ever ran.
                _ = SendCancelledAsync(client, requestId);
                throw;
            }
        }
    }

    /// <summary>
    /// Sends a request under <paramref name="requestId"/>. When <paramref name="peer"/> takes input requests itself, a
    /// 2026-07-28 upstream's <c>InputRequiredResult</c> is thrown as an <see cref="InputRequiredException"/> as the upstream
    /// wrote it (refused if it asks for what the peer did not declare); otherwise the SDK resolves it through the handlers.
    /// </summary>
    private async ValueTask<JsonNode?> SendAsync<TParams>(
        McpClient client, string method, TParams request, RequestId requestId, IDownstreamPeer? peer, ClientCapabilities? capabilities, CancellationToken ct)
        where TParams : RequestParams
    {
        using (peer is { TakesInputRequests: true } && IsStateless(client) ? _inputRequired.Register(requestId) : null)
        {
            var response = await client.SendRequestAsync(
                new JsonRpcRequest
                {
                    Id = requestId,
                    Method = method,
                    Params = JsonSerializer.SerializeToNode(request, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(TParams))),
                    Context = CapabilitiesContext(capabilities),
                },
                ct);
            if (InputRequiredPassThrough.TryTake(response.Result, out var handedBack))
            {
                var inputRequired = handedBack.Deserialize<InputRequiredResult>(McpJsonUtilities.DefaultOptions) ?? throw new JsonException("An unreadable InputRequiredResult.");
                if (inputRequired.InputRequests?.Values.FirstOrDefault(r => !Answers(peer!, r.Method)) is { } unanswerable)
                {
                    throw new McpProtocolException(
                        $"The upstream asked for {unanswerable.Method}, which the client that made this request did not declare; nothing more was sent to it.",
                        McpErrorCode.InvalidRequest);
                }

                throw new InputRequiredException(inputRequired);
            }

            return response.Result;
        }
    }

    private static bool Answers(IDownstreamPeer peer, string method) => method switch
    {
        RequestMethods.ElicitationCreate => peer.SupportsElicitation,
        RequestMethods.SamplingCreateMessage => peer.SupportsSampling,
        RequestMethods.RootsList => peer.SupportsRoots,
        _ => false,
    };

    /// <summary>A result of <paramref name="result"/>'s type.</summary>
    private static TResult Read<TResult>(JsonNode? result) =>
        result.Deserialize<TResult>(McpJsonUtilities.DefaultOptions) ?? throw new JsonException("Unexpected JSON result in response.");

    private RequestId NextRequestId() => new("gw-" + Interlocked.Increment(ref _nextRequestId).ToString(CultureInfo.InvariantCulture));


    /// <summary>The context that carries a request's client capabilities to <see cref="RequestMetaTransport"/>.</summary>
    private static JsonRpcMessageContext? CapabilitiesContext(ClientCapabilities? capabilities) =>
        capabilities is null ? null : new() { Items = new Dictionary<string, object?> { [RequestMetaTransport.ClientCapabilitiesItem] = capabilities } };

    /// <summary>A tools/call result; a task (tasks extension) as a result of type <c>task</c> with the task as its structured content.</summary>
    private static CallToolResult ToCallToolResult(JsonNode? result)
    {
        if (result is JsonObject { } o && o["resultType"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == TaskResultType)
        {
            var task = (JsonObject)o.DeepClone();
            task.Remove("resultType");
            task.Remove("_meta");
            return new CallToolResult
            {
                ResultType = TaskResultType,
                StructuredContent = JsonSerializer.SerializeToElement(task, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonObject))),
                Meta = o["_meta"]?.DeepClone() as JsonObject,
            };
        }

        return result.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult))) as CallToolResult
            ?? throw new McpException("The upstream answered tools/call with an empty result.");
    }

    private async Task SendCancelledAsync(McpClient client, RequestId requestId)
    {
        try
        {
            await client.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = requestId, Reason = "cancelled by the caller or timed out at the gateway" },
                McpJsonUtilities.DefaultOptions);
        }
        catch (Exception ex)
        {
            Log.CancelFailed(_logger, Config.Name, ex.Message);
        }
    }

    /// <summary>Reads a resource by the upstream's own URI; input requests as for <see cref="GetPromptAsync"/>.</summary>
    public async ValueTask<ReadResourceResult> ReadResourceAsync(string uri, CancellationToken cancellationToken, IDownstreamPeer? peer = null, InputRound? round = null)
    {
        CallPeer.Value = peer;
        return await WithClientAsync(
            async (c, ct) => Read<ReadResourceResult>(await SendAsync(
                c,
                RequestMethods.ResourcesRead,
                new ReadResourceRequestParams { Uri = uri, InputResponses = round?.Responses, RequestState = round?.State },
                NextRequestId(),
                peer,
                null,
                ct)),
            cancellationToken);
    }

    /// <summary>
    /// Gets a prompt by the upstream's own name. A 2026-07-28 upstream's input requests go to <paramref name="peer"/>: as
    /// an <see cref="InputRequiredException"/> carrying them as the upstream wrote them when it takes them itself
    /// (<paramref name="round"/> sends the answers back), else through the handlers.
    /// </summary>
    public async ValueTask<GetPromptResult> GetPromptAsync(
        string name, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken, IDownstreamPeer? peer = null, InputRound? round = null)
    {
        CallPeer.Value = peer;
        return await WithClientAsync(
            async (c, ct) => Read<GetPromptResult>(await SendAsync(
                c,
                RequestMethods.PromptsGet,
                new GetPromptRequestParams { Name = name, Arguments = arguments, InputResponses = round?.Responses, RequestState = round?.State },
                NextRequestId(),
                peer,
                null,
                ct)),
            cancellationToken);
    }

    /// <summary>Asks the upstream for completions.</summary>
    public ValueTask<CompleteResult> CompleteAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
        WithClientAsync((c, ct) => c.CompleteAsync(request, ct), cancellationToken);

    /// <summary>
    /// Subscribes the gateway to a resource's updates: <c>resources/subscribe</c> up to 2025-11-25; from 2026-07-28 the
    /// URI joins the connection's <c>subscriptions/listen</c> stream, which is opened again with it.
    /// </summary>
    public ValueTask<bool> SubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (c, ct) =>
            {
                if (IsStateless(c))
                {
                    ChangeListenedResources(c, uri, subscribe: true);
                    return true;
                }

                await c.SubscribeToResourceAsync(uri, cancellationToken: ct);
                return true;
            },
            cancellationToken);

    /// <summary>Ends the gateway's subscription to a resource.</summary>
    public ValueTask<bool> UnsubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (c, ct) =>
            {
                if (IsStateless(c))
                {
                    ChangeListenedResources(c, uri, subscribe: false);
                    return true;
                }

                await c.UnsubscribeFromResourceAsync(uri, cancellationToken: ct);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Sets the upstream's log level. A 2026-07-28 upstream has no <c>logging/setLevel</c>: the level is kept and
    /// travels in each request's <c>_meta</c> from then on (<see cref="RequestMetaTransport"/>).
    /// </summary>
    public ValueTask<bool> SetLoggingLevelAsync(LoggingLevel level, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (c, ct) =>
            {
                if (IsStateless(c))
                {
                    Volatile.Write(ref _logLevel, (int)level);
                    return true;
                }

                await c.SetLoggingLevelAsync(level, cancellationToken: ct);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs an operation on the current client. An HTTP upstream that answers 404 has forgotten our session (it
    /// restarted or expired it) and never processed that request: wait for the session to be re-created and replay
    /// it. A request cut off in flight by the lost session may have run, so it is replayed only when
    /// <paramref name="replaySafe"/> (the tool is read-only or idempotent); otherwise its outcome is unknown.
    /// A 2026-07-28 upstream has no session to lose: its 404 means an unknown method and is passed on as it is.
    /// </summary>
    private async ValueTask<T> WithClientAsync<T>(Func<McpClient, CancellationToken, ValueTask<T>> operation, CancellationToken ct, bool replaySafe = true)
    {
        var client = _client ?? throw Unavailable();
        try
        {
            return await operation(client, ct);
        }
        catch (Exception ex) when (Config.Kind == ConnectorKind.McpHttp && !ct.IsCancellationRequested)
        {
            if (ex is HttpRequestException { StatusCode: null })
            {
                CheckNow();
                throw;
            }

            if (IsStateless(client))
            {
                throw;
            }

            if (!Got404(ex))
            {
                if (!replaySafe || ex is not OperationCanceledException)
                {
                    throw;
                }

                await ((Task)client.Completion).WaitAsync(_options.HealthTimeout, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (client.Completion is not { IsCompletedSuccessfully: true, Result: HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound } })
                {
                    throw;
                }
            }

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

    private static bool Got404(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.NotFound })
            {
                return true;
            }
        }

        return false;
    }

    private UpstreamUnavailableException Unavailable() =>
        new($"Connector '{Config.Name}' is not connected ({(_status.Reason ?? _status.State.ToString().ToLowerInvariant())}); nothing was sent to it.");
}
