using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Policy.Keys;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>Builds the pipeline context for an MCP tools/call, reading the gateway's inputs from <c>_meta["mcpgw/…"]</c>.</summary>
internal static class McpCallContext
{
    public const string EntityKey = "mcpgw/entity";
    public const string IdempotencyKey = "mcpgw/idempotencyKey";
    public const string OptionsKey = "mcpgw/options";
    public const string ContextKey = "mcpgw/context";

    public static ToolCallContext Create(CallToolRequestParams p, McpServer server, string? scope, ApiKey? key, JsonObject? forwardedMeta, CancellationToken ct)
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
                Downstream = new SessionPeer(server),
                Entity = CallInputReader.Entity(meta?[EntityKey]),
                IdempotencyKey = meta is null ? null : CallInputReader.Str(meta, IdempotencyKey),
                Options = CallInputReader.Options(meta?[OptionsKey]),
            };
        }
        catch (CallInputException ex)
        {
            throw new McpProtocolException("Invalid _meta for the gateway: " + ex.Message, McpErrorCode.InvalidParams);
        }
    }
}
