using McpGateway.Policy.Callers;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>
/// Resources, prompts and completions are scoped like tools: <c>resources:read</c> / <c>prompts:read</c> (both implied by
/// <c>tools:read</c>), only for connectors the key's <c>allowed_tools</c> reach, and only resources its <c>resources</c>
/// gate names. A refusal is a JSON-RPC error naming what is missing.
/// </summary>
internal sealed partial class McpSurface
{
    /// <summary>Throws unless the key (null: auth off) has <paramref name="scope"/>.</summary>
    private static void RequireScope(ApiKey? key, string scope, string what)
    {
        if (key is not null && !Scopes.Allows(key.Scopes, scope))
        {
            throw Refused($"Key '{key.Name}' may not {what}: it lacks the {scope} scope (tools:read also grants it).");
        }
    }

    /// <summary>True when the key reaches the connector (see <see cref="KeyAccess.ReachesConnector"/>).</summary>
    private bool Reaches(ApiKey? key, string connector) =>
        key is null || key.AllowedTools.Count == 0 ||
        (catalog.Current.ByConnector.TryGetValue(connector, out var cards) && KeyAccess.ReachesConnector(key, cards.Values));

    /// <summary>Throws unless the key reaches the connector that serves <paramref name="what"/>.</summary>
    private void RequireConnector(ApiKey? key, string connector, string what)
    {
        if (!Reaches(key, connector))
        {
            throw Refused($"Key '{key!.Name}' may not use {what}: its allowed tools ({string.Join(", ", key.AllowedTools)}) reach no tool of connector '{connector}'.");
        }
    }

    /// <summary>Throws unless the key's <c>resources</c> gate names the resource at the upstream <paramref name="uri"/>.</summary>
    private static void RequireResource(ApiKey? key, string uri, string what)
    {
        if (!KeyAccess.MayReadResourceUri(key, uri))
        {
            throw Refused($"Key '{key!.Name}' may not read {what}: it is limited to resources {string.Join(", ", key.Resources)} and the URI names none of them.");
        }
    }

    private static McpProtocolException Refused(string message) => new(message, McpErrorCode.InvalidRequest);
}
