using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// The tasks extension of MCP 2026-07-28 (SEP-2663): a <c>tools/call</c> may answer with a task handle instead of the
/// result, read with <c>tasks/get</c>, answered with <c>tasks/update</c> and cancelled with <c>tasks/cancel</c>. Only a
/// request that declares the extension in its client capabilities may get a task or use these methods.
/// </summary>
internal static class TasksExtension
{
    /// <summary>The extension's id in <c>capabilities.extensions</c>, the client's and the server's.</summary>
    public const string Id = "io.modelcontextprotocol/tasks";

    public const string Get = "tasks/get";
    public const string Update = "tasks/update";
    public const string Cancel = "tasks/cancel";

    /// <summary>The methods the extension adds (<c>tasks/result</c> and <c>tasks/list</c> of the older drafts are not among them).</summary>
    public static readonly string[] Methods = [Get, Update, Cancel];

    /// <summary>The request parameter the <c>Mcp-Name</c> header mirrors on the extension's methods.</summary>
    public const string TaskIdParameter = "taskId";

    /// <summary>
    /// True when the request's <c>_meta</c> client capabilities declare the extension. Only a 2026-07-28 request names
    /// them there: a session's capabilities (stdio serves both revisions) never make a task.
    /// </summary>
    public static bool IsDeclared(JsonRpcRequest request) =>
        CapabilitiesIn(request.Params)?["extensions"] is JsonObject extensions && extensions.ContainsKey(Id);

    /// <summary>True when the request's client capabilities include form elicitation (what an approval is asked with).</summary>
    public static bool DeclaresElicitation(JsonRpcRequest request) =>
        request.Context?.ClientCapabilities?.Elicitation is not null || CapabilitiesIn(request.Params)?["elicitation"] is JsonObject;

    /// <summary>The -32021 answer to a tasks method from a request that did not declare the extension.</summary>
    public static MissingRequiredClientCapabilityException NotDeclared(string method) => new(
        new ClientCapabilities { Extensions = new Dictionary<string, object> { [Id] = new JsonObject() } }, NotDeclaredMessage(method));

    /// <summary>Why a tasks method from a request that did not declare the extension is refused.</summary>
    public static string NotDeclaredMessage(string method) => $"{method} needs the '{Id}' extension in _meta/{PerRequestMeta.ClientCapabilities}.extensions.";

    /// <summary>The <c>data</c> of that -32021 error: the capability the request lacks.</summary>
    public static JsonObject RequiredCapabilities() =>
        new() { ["requiredCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { [Id] = new JsonObject() } } };

    private static JsonObject? CapabilitiesIn(JsonNode? parameters) =>
        parameters is JsonObject p && p["_meta"] is JsonObject meta ? meta[PerRequestMeta.ClientCapabilities] as JsonObject : null;
}
