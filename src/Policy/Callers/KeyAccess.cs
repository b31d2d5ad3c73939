using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Arguments;

namespace McpGateway.Policy.Callers;

/// <summary>What a key may see and call, without arguments (for tools/list and <c>GET /v1/tools</c>), and read (resources, prompts).</summary>
public static class KeyAccess
{
    private static readonly char[] UriSeparators = ['/', ':', '?', '&', '=', '#', ',', ';', '+'];

    /// <summary>True when <paramref name="key"/> (null: auth is off) may call the tool on <paramref name="card"/>.</summary>
    public static bool MayCall(ApiKey? key, CapabilityCard card) =>
        key is null || (Scopes.Allows(key.Scopes, Scopes.ToolsCall) && MatchesAllowedTools(key, card.Name) && (!key.ReadOnly || card.ReadOnly));

    /// <summary>True when <paramref name="key"/> may list the tool (tools:read or tools:call, and its allowlists).</summary>
    public static bool MayList(ApiKey? key, CapabilityCard card) =>
        key is null ||
        ((Scopes.Allows(key.Scopes, Scopes.ToolsRead) || Scopes.Allows(key.Scopes, Scopes.ToolsCall)) &&
         MatchesAllowedTools(key, card.Name) && (!key.ReadOnly || card.ReadOnly));

    /// <summary>True when the tool name matches one of the key's globs (or the key has none).</summary>
    public static bool MatchesAllowedTools(ApiKey key, string toolName)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.AllowedTools.Count == 0)
        {
            return true;
        }

        foreach (var glob in key.AllowedTools)
        {
            if (Glob.IsMatch(glob, toolName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the key reaches the connector whose tools are <paramref name="connectorCards"/>: it has no
    /// <c>allowed_tools</c>, or one of its globs matches one of the connector's tools. A connector's resources, prompts and
    /// completions are visible only to keys that reach it.
    /// </summary>
    public static bool ReachesConnector(ApiKey? key, IEnumerable<CapabilityCard> connectorCards)
    {
        ArgumentNullException.ThrowIfNull(connectorCards);
        return key is null || key.AllowedTools.Count == 0 || connectorCards.Any(c => MatchesAllowedTools(key, c.Name));
    }

    /// <summary>
    /// True when the key may read the resource at <paramref name="uri"/> (the upstream's URI) under its <c>resources</c>
    /// gate: it has none, or one of the URI's segments (split at <c>/ : ? &amp; = # , ; +</c>) is one of its resource ids.
    /// </summary>
    public static bool MayReadResourceUri(ApiKey? key, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (key is null || key.Resources.Count == 0)
        {
            return true;
        }

        foreach (var segment in uri.Split(UriSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsResource(key, segment) || IsResource(key, Uri.UnescapeDataString(segment)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> is one of the key's resource ids, or the key has no <c>resources</c> gate.</summary>
    public static bool IsResource(ApiKey? key, string value) => key is null || key.Resources.Count == 0 || key.Resources.Contains(value, StringComparer.Ordinal);

    /// <summary>The first <c>*_id</c> argument (path = value) that is not one of the key's resources, or null.</summary>
    public static string? ResourceOutside(ApiKey? key, JsonObject arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (key is null || key.Resources.Count == 0)
        {
            return null;
        }

        foreach (var (path, value) in EntityArguments.Find(arguments, null, null))
        {
            if (!IsResource(key, value))
            {
                return $"{path} = '{value}'";
            }
        }

        return null;
    }
}
