using System.Text.Json.Nodes;
using System.Threading.Channels;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// One open <c>subscriptions/listen</c> request (2026-07-28): what it was granted, and the notifications waiting to go
/// out on its stream, each tagged with the listen request's id as <c>_meta["io.modelcontextprotocol/subscriptionId"]</c>.
/// </summary>
internal sealed class ListenStream
{
    // A slow reader loses the oldest waiting notifications rather than growing the gateway's memory; every one of them
    // says "look again", so a later one covers an earlier one of the same kind.
    private const int MaxPending = 256;

    private readonly McpServer _server;
    private readonly Func<string, bool> _sees;

    /// <param name="request">The listen request, answered by a server bound to the request's own stream.</param>
    /// <param name="granted">The list-changed kinds granted (resources are granted after the upstreams subscribed).</param>
    /// <param name="resources">(connector, upstream URI) → the URI as the client named it.</param>
    /// <param name="sees">True for a connector whose changes the endpoint and the key may see.</param>
    /// <param name="seesFlowTools">True when flow tools are on this endpoint for this key.</param>
    public ListenStream(
        RequestContext<SubscriptionsListenRequestParams> request, SubscriptionsListenNotifications granted,
        Dictionary<(string Connector, string Uri), string> resources, Func<string, bool> sees, bool seesFlowTools)
    {
        _server = request.Server;
        _sees = sees;
        Id = request.JsonRpcRequest.Id;
        Context = request.JsonRpcRequest.Context;
        Granted = granted;
        Resources = resources;
        SeesFlowTools = seesFlowTools;
    }

    public RequestId Id { get; }

    /// <summary>The request's context; the SDK puts the same object on the response, which is how its answer is recognized.</summary>
    public JsonRpcMessageContext? Context { get; }

    public SubscriptionsListenNotifications Granted { get; }

    /// <summary>Resource subscriptions: (connector, upstream URI) → the URI as the client named it.</summary>
    public Dictionary<(string Connector, string Uri), string> Resources { get; }

    public bool SeesFlowTools { get; }

    public Channel<(string Method, JsonObject? Params)> Pending { get; } = Channel.CreateBounded<(string, JsonObject?)>(
        new BoundedChannelOptions(MaxPending) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Completed once the final response of a gracefully ended listen has been written.</summary>
    public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Sees(string connector) => _sees(connector);

    /// <summary>The subscription id: the listen request's id, as the client sent it.</summary>
    public JsonNode? IdNode() => Id.Id switch
    {
        string s => JsonValue.Create(s),
        long n => JsonValue.Create(n),
        _ => null,
    };

    public void Post(string method, JsonObject? parameters = null) => Pending.Writer.TryWrite((method, parameters));

    /// <summary>Sends one notification on the listen's own stream, tagged with the subscription id.</summary>
    public Task SendAsync(string method, JsonObject? parameters, CancellationToken ct)
    {
        parameters ??= [];
        if (parameters["_meta"] is not JsonObject meta)
        {
            meta = [];
            parameters["_meta"] = meta;
        }

        meta[ListenStreams.SubscriptionIdKey] = IdNode();
        return _server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, ct);
    }
}
