using System.Collections.Concurrent;
using McpGateway.Connectors.Changes;
using McpGateway.Connectors.Configuration;
using McpGateway.Hosting;
using McpGateway.Policy.Callers;

namespace McpGateway.Auth;

/// <summary>
/// Turns a presented secret into its key. Lookups are cached for a few seconds (every MCP message is authenticated).
/// A key revoked or rotated here is forgotten at once and announced on the change feed, so every other process forgets
/// it within about a second; <see cref="CacheFor"/> bounds the rest (a revocation whose notice was lost).
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly IApiKeyStore _store;
    private readonly GatewayConfig _config;
    private readonly ChangeFollower _changes;
    private readonly TimeProvider _time;

    public ApiKeyAuthenticator(IApiKeyStore store, GatewayConfig config, ChangeFollower changes, TimeProvider time)
    {
        _store = store;
        _config = config;
        _changes = changes;
        _time = time;
        changes.Handle(ChangeNotice.Keys, subject =>
        {
            Forget(subject);
            return Task.CompletedTask;
        });
    }

    /// <summary>True unless the configuration says <c>auth: none</c>.</summary>
    public bool Required => _config.Server.Auth != "none";

    /// <summary>The active key for <paramref name="secret"/>, or null.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(secret);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Key;
        }

        var key = await _store.FindByHashAsync(hash, cancellationToken);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[hash] = (key, now + CacheFor);
        return key;
    }

    /// <summary>
    /// After a key was revoked (or rotated) by <paramref name="idOrName"/>: forgets it here and tells the other processes.
    /// </summary>
    public async Task RevokedAsync(string idOrName)
    {
        Forget(idOrName);
        await _changes.PublishAsync(ChangeNotice.Keys, idOrName);
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

    // Drops the cached lookups of the key with this id or name ("" after a resync: every lookup), so the next request reads the store.
    private void Forget(string idOrName)
    {
        if (idOrName.Length == 0)
        {
            _cache.Clear();
            return;
        }

        foreach (var (hash, entry) in _cache)
        {
            if (entry.Key is { } key && (key.Id == idOrName || key.Name == idOrName))
            {
                _cache.TryRemove(hash, out _);
            }
        }
    }
}
