using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>Builds the pipeline context for an MCP tools/call, reading the gateway's inputs from <c>_meta["mcpgw/…"]</c>.</summary>
internal static class McpCallContext
{
    public const string EntityKey = "mcpgw/entity";
    public const string IdempotencyKey = "mcpgw/idempotencyKey";
    public const string OptionsKey = "mcpgw/options";
    public const string ContextKey = "mcpgw/context";

    /// <summary>A flow tool call's run tags: an array of strings (see <c>Admin/RunTags</c>).</summary>
    public const string TagsKey = "mcpgw/tags";

    /// <param name="p">The request's params.</param>
    /// <param name="server">The server answering it.</param>
    /// <param name="scope">The connector of a <c>/c/{connector}/mcp</c> endpoint, or null.</param>
    /// <param name="key">The caller's key, or null.</param>
    /// <param name="forwardedMeta">What of the caller's <c>_meta</c> goes on to the upstream.</param>
    /// <param name="perRequest">
    /// A request of a stateless revision (2026-07-28): there is no session to send elicitation or sampling requests to;
    /// they travel as Multi Round-Trip Requests through <paramref name="roundTrip"/> when the request declared them, and
    /// a rule with <c>approver: client</c> asks by one when it declared elicitation (else holds the call for the dashboard).
    /// </param>
    /// <param name="ct">The call's cancellation.</param>
    /// <param name="roundTrip">A stateless request's downstream, when it declared elicitation or sampling.</param>
    /// <param name="upstreamCapabilities">What a 2026-07-28 upstream is told the caller can answer (<see cref="UpstreamCapabilities"/>).</param>
    /// <param name="continues">The execution a later round continues (see <see cref="ToolCallContext.Continues"/>).</param>
    /// <param name="upstreamRound">What that round sends back to the upstream.</param>
    public static ToolCallContext Create(
        CallToolRequestParams p, McpServer server, string? scope, ApiKey? key, JsonObject? forwardedMeta, bool perRequest, CancellationToken ct,
        Mrtr.RoundTripPeer? roundTrip = null, ClientCapabilities? upstreamCapabilities = null, string? continues = null, InputRound? upstreamRound = null)
    {
        var meta = p.Meta;
        try
        {
            var caller = CallInputReader.Caller("mcp", server.SessionId, key, meta?[ContextKey]);
            return new ToolCallContext(p.Name, p.Arguments, caller, ct)
            {
                ConnectorScope = scope,
                Meta = forwardedMeta,
                Progress = p.ProgressToken is { } token ? new ProgressRelay(server, token) : null,
                Downstream = perRequest ? roundTrip : new SessionPeer(server),
                ClientCapabilities = upstreamCapabilities,
                ApprovalByInputRequest = perRequest && roundTrip is { SupportsElicitation: true },
                Entity = CallInputReader.Entity(meta?[EntityKey]),
                IdempotencyKey = meta is null ? null : CallInputReader.Str(meta, IdempotencyKey),
                Options = CallInputReader.Options(meta?[OptionsKey]),
                Continues = continues,
                UpstreamRound = upstreamRound,
            };
        }
        catch (CallInputException ex)
        {
            throw new McpProtocolException("Invalid _meta for the gateway: " + ex.Message, McpErrorCode.InvalidParams);
        }
    }

    /// <summary>The agent a request acts as (what <see cref="Create"/> would give), for binding a round-trip state to it.</summary>
    public static string? Agent(JsonObject? meta, string? sessionId, ApiKey? key)
    {
        try
        {
            return CallInputReader.Caller("mcp", sessionId, key, meta?[ContextKey]).Agent;
        }
        catch (CallInputException ex)
        {
            throw new McpProtocolException("Invalid _meta for the gateway: " + ex.Message, McpErrorCode.InvalidParams);
        }
    }
}
