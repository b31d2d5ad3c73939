using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Checks what a session keeps for its lifetime before the SDK sees it: <c>initialize</c>'s params (the server keeps
/// <c>clientInfo</c> and <c>capabilities</c>, and writes clientInfo's name and version into the session's name) and the
/// per-request client info of the 2026-07-28 revision in <c>_meta</c> (kept as the session's client info too). Each is
/// capped; a request over a cap is refused with a JSON-RPC error naming the field, its size and the cap, never cut down:
/// a truncated clientInfo or capabilities object would declare something the client did not (a capability dropped, a
/// name changed), and real clients send a few hundred bytes, so one over the cap is broken or hostile and is best told
/// plainly. Malformed initialize params are refused here too, with the path that is wrong, instead of failing in the SDK.
/// </summary>
internal static class SessionParamsCheck
{
    /// <summary>Most bytes of <c>clientInfo</c> (name, version, title, website, icons) a session keeps.</summary>
    public const int MaxClientInfoBytes = 8 * 1024;

    /// <summary>Most bytes of client capabilities a session keeps.</summary>
    public const int MaxCapabilitiesBytes = 8 * 1024;

    /// <summary>Most bytes of initialize params in all (protocol version, <c>_meta</c> and fields the SDK may keep).</summary>
    public const int MaxInitializeParamsBytes = 32 * 1024;

    private const string MetaClientInfo = "io.modelcontextprotocol/clientInfo";
    private const string MetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";

    /// <summary>Null when the request may go on; otherwise the message of the invalid-params error to refuse it with.</summary>
    public static string? Check(JsonRpcRequest request)
    {
        if (request.Method == RequestMethods.Initialize)
        {
            return CheckInitialize(request.Params);
        }

        return request.Params is JsonObject { } p && p["_meta"] is JsonObject meta
            ? Cap(meta[MetaClientInfo], $"params._meta[\"{MetaClientInfo}\"]", MaxClientInfoBytes) ??
              Cap(meta[MetaClientCapabilities], $"params._meta[\"{MetaClientCapabilities}\"]", MaxCapabilitiesBytes)
            : null;
    }

    private static string? CheckInitialize(JsonNode? node)
    {
        if (node is not JsonObject p)
        {
            var kind = node is null ? "missing" : $"a JSON {node.GetValueKind().ToString().ToLowerInvariant()}";
            return $"Invalid params: initialize needs params as an object {{protocolVersion, capabilities, clientInfo}}; they are {kind}.";
        }

        var tooLarge = Cap(p["clientInfo"], "initialize params.clientInfo", MaxClientInfoBytes) ??
                       Cap(p["capabilities"], "initialize params.capabilities", MaxCapabilitiesBytes) ??
                       Cap(p, "initialize params", MaxInitializeParamsBytes);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        try
        {
            _ = JsonSerializer.Deserialize(p, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(InitializeRequestParams)));
            return null;
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 1 } path ? $" at {path.Replace("$", "params", StringComparison.Ordinal)}" : "";
            var missing = ex.Message.Contains("missing required properties", StringComparison.Ordinal) ? "; protocolVersion, capabilities and clientInfo are required" : "";
            return $"Invalid params: initialize params do not match the MCP schema{at}{missing}.";
        }
    }

    private static string? Cap(JsonNode? node, string what, int max)
    {
        if (node is null)
        {
            return null;
        }

        var size = SizeOf(node);
        return size <= max
            ? null
            : $"Invalid params: {what} is {size} bytes; a session keeps at most {max} bytes of it, so send a shorter one.";
    }

    private static long SizeOf(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenCount;
    }
}
