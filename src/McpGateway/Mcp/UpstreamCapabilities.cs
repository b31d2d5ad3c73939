using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Mcp.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// The client capabilities a 2026-07-28 upstream is told for one request: what the caller declared, limited to what the
/// gateway relays to it. Elicitation, sampling and roots are relayed to a 2025-11-25 session on it, and to a 2026-07-28 request by
/// Multi Round-Trip Requests when it declared them; the tasks extension only to a 2026-07-28 request that declared it (a
/// session has no task methods); roots are relayed like elicitation; other extensions are not relayed.
/// </summary>
internal static class UpstreamCapabilities
{
    /// <summary>For a request of <paramref name="perRequest"/> (2026-07-28) or of a session on <paramref name="server"/>.</summary>
    public static ClientCapabilities For(JsonObject? meta, McpServer server, bool perRequest)
    {
        var declared = perRequest ? Declared(meta) : server.ClientCapabilities;
        return new ClientCapabilities
        {
            Elicitation = declared?.Elicitation,
            Sampling = declared?.Sampling,
            Roots = declared?.Roots is null ? null : new RootsCapability(),
            Extensions = perRequest && declared?.Extensions?.ContainsKey(TasksExtension.Id) is true
                ? new Dictionary<string, object> { [TasksExtension.Id] = new JsonObject() }
                : null,
        };
    }

    /// <summary>The capabilities a 2026-07-28 request declared in its <c>_meta</c> (none when they do not read as such).</summary>
    public static ClientCapabilities? Declared(JsonObject? meta)
    {
        if (meta?[PerRequestMeta.ClientCapabilities] is not JsonObject capabilities)
        {
            return null;
        }

        try
        {
            return capabilities.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ClientCapabilities))) as ClientCapabilities;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
