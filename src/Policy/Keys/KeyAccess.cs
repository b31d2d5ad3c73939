using McpGateway.Connectors.Catalog;

namespace McpGateway.Policy.Keys;

/// <summary>What a key may see and call, without arguments (for tools/list and <c>GET /v1/tools</c>).</summary>
public static class KeyAccess
{
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
}
