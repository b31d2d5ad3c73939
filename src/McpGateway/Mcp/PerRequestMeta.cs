using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// MCP 2026-07-28, the stateless revision: every request names its revision, client and capabilities in <c>_meta</c>
/// (mirrored in HTTP headers), instead of an <c>initialize</c> handshake naming them once per session.
/// </summary>
internal static class PerRequestMeta
{
    /// <summary>The stateless revision the gateway speaks (the one <c>server/discover</c> lists).</summary>
    public const string Revision = "2026-07-28";

    /// <summary>The revisions with sessions: a request naming one of these (or none) takes the session path.</summary>
    public static readonly string[] SessionRevisions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    /// <summary>The prefix of the protocol's reserved <c>_meta</c> keys.</summary>
    public const string Prefix = "io.modelcontextprotocol/";

    /// <summary>The revision the request is made in.</summary>
    public const string ProtocolVersion = Prefix + "protocolVersion";

    /// <summary>What the client can do for this request (an object; <c>{}</c> for nothing).</summary>
    public const string ClientCapabilities = Prefix + "clientCapabilities";

    /// <summary>Methods the stateless revision removed: a request for one is answered 404 / -32601.</summary>
    public static readonly string[] RemovedMethods =
    [
        RequestMethods.Initialize, RequestMethods.Ping, RequestMethods.LoggingSetLevel,
        RequestMethods.ResourcesSubscribe, RequestMethods.ResourcesUnsubscribe,
    ];

    /// <summary>The methods a request of the stateless revision may name here; any other is answered 404 / -32601.</summary>
    public static readonly string[] Methods =
    [
        "server/discover", "subscriptions/listen", RequestMethods.ToolsList, RequestMethods.ToolsCall, RequestMethods.ResourcesList,
        RequestMethods.ResourcesTemplatesList, RequestMethods.ResourcesRead, RequestMethods.PromptsList, RequestMethods.PromptsGet,
        RequestMethods.CompletionComplete, Tasks.TasksExtension.Get, Tasks.TasksExtension.Update, Tasks.TasksExtension.Cancel,
    ];

    /// <summary>The revision a message's <c>params._meta</c> names, or null.</summary>
    public static string? VersionIn(JsonNode? parameters) =>
        parameters is JsonObject p && p["_meta"] is JsonObject meta && meta[ProtocolVersion] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Checks a request's <c>_meta</c> against the revision its header named: the problem (JSON-RPC code and message), or
    /// null when it is well formed.
    /// </summary>
    public static (int Code, string Message)? Check(JsonNode? parameters, string headerVersion)
    {
        if (parameters is not JsonObject p || p["_meta"] is not JsonObject meta)
        {
            return (McpErrorCodes.InvalidParams, $"A {Revision} request must carry params._meta with '{ProtocolVersion}' and '{ClientCapabilities}'.");
        }

        if (meta[ProtocolVersion] is not JsonValue version || !version.TryGetValue<string>(out var named))
        {
            return (McpErrorCodes.InvalidParams, $"A {Revision} request must include '_meta/{ProtocolVersion}'.");
        }

        if (!string.Equals(named, headerVersion, StringComparison.Ordinal))
        {
            return (McpErrorCodes.HeaderMismatch, $"Header mismatch: MCP-Protocol-Version is '{headerVersion}' but _meta/{ProtocolVersion} is '{named}'.");
        }

        return meta[ClientCapabilities] is JsonObject
            ? null
            : (McpErrorCodes.InvalidParams, $"A {Revision} request must include '_meta/{ClientCapabilities}' as an object ({{}} for none).");
    }
}
