using System.Collections.Concurrent;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Callers;

namespace McpGateway.Auth;

/// <summary>
/// Turns a presented secret into its key. Lookups are cached for a few seconds (every MCP message is authenticated),
/// so a revoked key stops working within <see cref="CacheFor"/>.
/// </summary>
internal sealed class ApiKeyAuthenticator(IApiKeyStore store, GatewayConfig config, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>True unless the configuration says <c>auth: none</c>.</summary>
    public bool Required => config.Server.Auth != "none";

    /// <summary>The active key for <paramref name="secret"/>, or null.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(secret);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Key;
        }

        var key = await store.FindByHashAsync(hash, cancellationToken);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[hash] = (key, now + CacheFor);
        return key;
    }

    /// <summary>The secret an HTTP request presents: <c>Authorization: Bearer</c> or <c>X-API-Key</c>.</summary>
    public static string? SecretFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers["X-API-Key"].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }
}
