using System.Security.Cryptography;

namespace McpGateway.Policy.Callers;

/// <summary>Tokens of registered MCP servers: <c>mcps_</c> + 32 random bytes (base64url), shown once, stored as SHA-256.</summary>
public static class McpServerToken
{
    /// <summary>The token's prefix, so leaked tokens are recognisable by scanners.</summary>
    public const string Prefix = "mcps_";

    private const string KeyIdPrefix = "mcps:";

    /// <summary>A new random token.</summary>
    public static string Create() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The lower-case hex SHA-256 of a token.</summary>
    public static string Hash(string token) => ApiKeySecret.Hash(token);

    /// <summary>The first characters of a token, safe to display.</summary>
    public static string DisplayPrefix(string token) => token.Length <= Prefix.Length + 4 ? token : token[..(Prefix.Length + 4)];

    /// <summary>True for a key made by <see cref="KeyFor"/>.</summary>
    public static bool IsServerKey(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Id.StartsWith(KeyIdPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The key a session on the server's endpoint acts with: agent <c>mcp-server:{name}</c>, <c>tools:call</c>, and the
    /// server's globs as its allowed tools, so tools/list, tools/call and the journal treat it like any scoped key.
    /// </summary>
    public static ApiKey KeyFor(McpServerRecord server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new ApiKey
        {
            Id = KeyIdPrefix + server.Name,
            Name = "mcp-server:" + server.Name,
            Agent = "mcp-server:" + server.Name,
            Scopes = [Scopes.ToolsCall],
            AllowedTools = server.Tools,
            Prefix = server.TokenPrefix,
            CreatedAt = server.CreatedAt,
        };
    }
}
