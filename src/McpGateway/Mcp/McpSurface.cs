using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using McpGateway.Connectors;
using McpGateway.Flows.Execution;
using McpGateway.Mcp.Tasks;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>
/// The MCP surface of the gateway, the same on every transport: tools/list and tools/call (through the pipeline),
/// resources, prompts, completion and logging, either aggregated (prefixed names) or for one connector (its own names).
/// </summary>
internal sealed partial class McpSurface(
    ToolCatalog catalog, UpstreamHub hub, ToolCallPipeline pipeline, SessionRegistry sessions, FlowTools flowTools, FlowEngine engine,
    ListenStreams listens, Mrtr.RoundTrips roundTrips, FlowTasks tasks, UpstreamTasks upstreamTasks, ApprovalStatusTool approvalStatus,
    DiscoverTool discover, PolicyConfigSource policy)
{
    /// <summary>
    /// Server options for a session; <paramref name="connectorScope"/> null is the aggregated endpoint.
    /// <paramref name="tasks"/>: the server also answers 2026-07-28 requests (stdio), which may use the tasks extension.
    /// </summary>
    public McpServerOptions CreateOptions(string? connectorScope, ApiKey? key, bool tasks = false)
    {
        var options = NewOptions(connectorScope, key, perRequest: false);
        options.Filters.Message.IncomingFilters.Add(ProtocolVersionFilter.Create());
        LimitToTools(options, key);
        if (tasks)
        {
            AddTasks(options, connectorScope, key);
        }

        return options;
    }

    /// <summary>
    /// The options of a server that answers one request of a stateless revision (2026-07-28): no session, so no
    /// subscriptions, logging level or server-to-client requests; everything it needs comes with the request.
    /// </summary>
    public McpServerOptions CreatePerRequestOptions(string? connectorScope, ApiKey? key)
    {
        var options = NewOptions(connectorScope, key, perRequest: true);
        // resources.subscribe stays: in this revision it offers resourceSubscriptions on subscriptions/listen.
        options.Capabilities!.Logging = null;
        options.Handlers.SubscribeToResourcesHandler = null;
        options.Handlers.UnsubscribeFromResourcesHandler = null;
        options.Handlers.SetLoggingLevelHandler = null;
        options.Filters.Message.IncomingFilters.Add(RequestAbortFilter.Create());
        options.Filters.Message.IncomingFilters.Add(ProtocolErrorFilter.Create());
        LimitToTools(options, key);
        AddTasks(options, connectorScope, key);
        return options;
    }

    private McpServerOptions NewOptions(string? connectorScope, ApiKey? key, bool perRequest) => new()
    {
        // Sessions speak the session-based 2025-11-25 revision (what the gateway relays: subscribe, logging,
        // list_changed, server-to-client requests); a per-request server takes the revision each request names.
        ProtocolVersion = perRequest ? PerRequestMeta.Revision : GatewayInfo.ProtocolVersion,
        ServerInfo = new Implementation { Name = connectorScope is null ? GatewayInfo.Name : $"{GatewayInfo.Name}/{connectorScope}", Version = GatewayInfo.Version },
        ServerInstructions = connectorScope is null
            ? "McpGateway: tools from several upstream servers, named {connector}__{tool}. Every call is checked and journaled."
            : null,
        Capabilities = new ServerCapabilities
        {
            Tools = new ToolsCapability { ListChanged = true },
            Resources = new ResourcesCapability { Subscribe = true, ListChanged = true },
            Prompts = new PromptsCapability { ListChanged = true },
            Logging = new LoggingCapability(),
            Completions = new CompletionsCapability(),
        },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = async (request, ct) => { await hub.WhenStartedAsync(connectorScope, ct); return ListTools(connectorScope, key); },
            CallToolHandler = (request, ct) => CallToolAsync(request, connectorScope, key, perRequest, ct),
            ListResourcesHandler = async (request, ct) => { await hub.WhenStartedAsync(connectorScope, ct); return ListResources(connectorScope, key); },
            ListResourceTemplatesHandler = (request, ct) => ValueTask.FromResult(ListResourceTemplates(connectorScope, key)),
            ReadResourceHandler = (request, ct) => ReadResourceAsync(request, connectorScope, key, ct),
            SubscribeToResourcesHandler = (request, ct) => SubscribeAsync(request, connectorScope, key, ct),
            UnsubscribeFromResourcesHandler = (request, ct) => UnsubscribeAsync(request, connectorScope),
            ListPromptsHandler = async (request, ct) => { await hub.WhenStartedAsync(connectorScope, ct); return ListPrompts(connectorScope, key); },
            GetPromptHandler = (request, ct) => GetPromptAsync(request, connectorScope, key, ct),
            CompleteHandler = (request, ct) => CompleteAsync(request, connectorScope, key, ct),
            SetLoggingLevelHandler = (request, ct) => SetLoggingLevelAsync(request),
            SubscriptionsListenHandler = (request, ct) => ListenAsync(request, connectorScope, key, ct),
        },
        Filters = { Message = { OutgoingFilters = { listens.AnsweredFilter() } } },
    };

    /// <summary>The tools the key may see: with a key, only those it may call (or read, with tools:read).</summary>
    private ListToolsResult ListTools(string? scope, ApiKey? key)
    {
        var snapshot = catalog.Current;
        if (scope is null)
        {
            var tools = snapshot.Cards.Where(c => KeyAccess.MayList(key, c)).Select(c => CardView.Listed(c, c.Name, policy)).ToList();
            tools.AddRange(flowTools.Current.Values.Where(t => FlowTools.MayUse(key, t.Name)));
            if (ApprovalStatusTool.MayUse(key))
            {
                tools.Add(ApprovalStatusTool.Definition);
            }

            if (DiscoverTool.MayUse(key))
            {
                tools.Add(DiscoverTool.Definition);
            }

            return new ListToolsResult { Tools = tools };
        }

        return new ListToolsResult
        {
            Tools = snapshot.ByConnector.TryGetValue(scope, out var cards)
                ? cards.Values.Where(c => KeyAccess.MayList(key, c)).OrderBy(c => c.UpstreamName, StringComparer.Ordinal).Select(c => CardView.Listed(c, c.UpstreamName, policy)).ToList()
                : [],
        };
    }

    private async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, string? scope, ApiKey? key, bool perRequest, CancellationToken ct)
    {
        var p = request.Params ?? throw new McpProtocolException("tools/call needs params with a tool name.", McpErrorCode.InvalidParams);
        if (string.IsNullOrEmpty(p.Name))
        {
            throw new McpProtocolException("tools/call needs a tool name in params.name.", McpErrorCode.InvalidParams);
        }

        if (scope is null && flowTools.Current.ContainsKey(p.Name))
        {
            return await CallFlowAsync(request, key, ct);
        }

        if (scope is null && p.Name == ApprovalStatusTool.Name && ApprovalStatusTool.MayUse(key))
        {
            return await approvalStatus.CallAsync(p, key, ct);
        }

        if (scope is null && p.Name == DiscoverTool.Name && DiscoverTool.MayUse(key))
        {
            return discover.Call(p, key);
        }

        var server = request.Server;
        // A 2026-07-28 request on a transport with sessions (stdio) has no downstream peer either: it names its revision in _meta.
        perRequest |= request.JsonRpcRequest.Context?.ProtocolVersion == PerRequestMeta.Revision;
        var capabilities = UpstreamCapabilities.For(p.Meta, server, perRequest);
        if (perRequest && Mrtr.RoundTrips.Applies(p))
        {
            // What the call may need from the user mid-call is asked by a Multi Round-Trip Request (MCP 2026-07-28).
            return await roundTrips.CallAsync(request, scope, key,
                (peer, token, continues, round) => McpCallContext.Create(p, server, scope, key, ForwardedMeta(p.Meta), perRequest, token, peer, capabilities, continues, round),
                RunAsync, ct);
        }

        return await RunAsync(McpCallContext.Create(p, server, scope, key, ForwardedMeta(p.Meta), perRequest, ct, upstreamCapabilities: capabilities));
    }

    /// <summary>Takes a tool call through the pipeline and answers with the upstream's result or the gateway's.</summary>
    private async ValueTask<CallToolResult> RunAsync(ToolCallContext context)
    {
        var outcome = await pipeline.InvokeAsync(context);
        if (context.Progress is ProgressRelay relay)
        {
            await relay.FlushAsync();
        }

        if (outcome.Fault == ToolCallFault.UnknownTool)
        {
            throw new McpProtocolException(outcome.Message!, McpErrorCode.InvalidParams);
        }

        if (outcome.Input is { } input)
        {
            // Only a round-trip downstream takes the upstream's input requests; RoundTrips seals them for the client.
            throw new InputRequiredException(input);
        }

        if (outcome is { Fault: ToolCallFault.MissingClientCapability, RequiredCapabilities: { } required })
        {
            // The upstream's -32021, as it came: the caller learns which capability to declare.
            throw new MissingRequiredClientCapabilityException(required, outcome.Message);
        }

        if (outcome.Result is { ResultType: UpstreamConnection.TaskResultType } task && context.Card is { } card)
        {
            // The upstream goes on with the call as a task: the client gets it under the gateway's id (the tasks filter
            // answers with it as a task result).
            return new CallToolResult
            {
                ResultType = UpstreamConnection.TaskResultType,
                StructuredContent = upstreamTasks.Handle(card.Connector, task.StructuredContent ?? default, context.Caller.Key) is { } handle
                    ? JsonSerializer.SerializeToElement(handle, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonObject)))
                    : throw new McpProtocolException($"Connector '{card.Connector}' answered with a task that has no taskId.", McpErrorCode.InternalError),
            };
        }

        return outcome.Result is { } result
            ? outcome.Status is ToolCallStatus.Completed or ToolCallStatus.Failed ? result : Annotated(result, context, outcome)
            : GatewayResult(context, outcome);
    }

    /// <summary>An <c>isError</c> result for outcomes where the upstream did not answer, with a sentence the model can act on.</summary>
    private static CallToolResult GatewayResult(ToolCallContext context, ToolCallOutcome outcome) =>
        GatewayResults.Refusal(outcome.Message ?? outcome.Status.ToWire(), Facts(context, outcome));

    /// <summary>
    /// The upstream's result as it is, with the gateway's facts (execution id, status: replayed, reconciled, ...) in
    /// <c>_meta["mcpgw/execution"]</c> so a client can tell a replay from a fresh run without changing the content.
    /// </summary>
    private static CallToolResult Annotated(CallToolResult result, ToolCallContext context, ToolCallOutcome outcome) =>
        GatewayResults.WithExecution(result, Facts(context, outcome));

    /// <summary>The gateway's facts about a call: its details, execution id and status.</summary>
    private static JsonObject Facts(ToolCallContext context, ToolCallOutcome outcome)
    {
        var gateway = context.HasDetails ? (JsonObject)context.Details.DeepClone() : [];
        gateway["execution_id"] = context.ExecutionId;
        gateway["status"] = outcome.Status.ToWire();
        return gateway;
    }

    /// <summary>The caller's <c>_meta</c> minus the progress token (the SDK issues its own token upstream) and the gateway's inputs.</summary>
    private static JsonObject? ForwardedMeta(JsonObject? meta)
    {
        if (meta is null || meta.Count == 0 || (meta.Count == 1 && meta.ContainsKey("progressToken")))
        {
            return null;
        }

        var copy = (JsonObject)meta.DeepClone();
        copy.Remove("progressToken");

        // The gateway's own inputs are for the gateway; the idempotency key goes on, so an upstream can dedupe too.
        copy.Remove(McpCallContext.EntityKey);
        copy.Remove(McpCallContext.OptionsKey);
        copy.Remove(McpCallContext.ContextKey);

        // The per-request protocol fields (2026-07-28) describe the client's request to the gateway, not the gateway's to
        // the upstream (which may speak another revision and refuse reserved keys).
        foreach (var name in copy.Select(kv => kv.Key).Where(k => k.StartsWith(PerRequestMeta.Prefix, StringComparison.Ordinal)).ToList())
        {
            copy.Remove(name);
        }

        return copy.Count == 0 ? null : copy;
    }

    private static McpProtocolException UnknownConnector(string what) =>
        new($"'{what}' does not name a connected upstream; list it again (the connector may be down).", McpErrorCode.InvalidParams);

    private UpstreamConnection Connection(string connector, string what) =>
        hub.TryGet(connector, out var connection) ? connection : throw UnknownConnector(what);
}
