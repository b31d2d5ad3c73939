using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

/// <summary>An in-memory key store, keyed by id (hashes are not needed by the tests that use it).</summary>
internal sealed class FakeApiKeyStore : IApiKeyStore
{
    private readonly Dictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);

    public void Add(ApiKey key) => _keys[key.Id] = key;

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CreateAsync(ApiKey key, string secretHash, CancellationToken cancellationToken)
    {
        Add(key);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ApiKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken) => ValueTask.FromResult<ApiKey?>(null);

    public ValueTask<ApiKey?> GetAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(_keys.GetValueOrDefault(id));

    public ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ApiKey>>(_keys.Values.ToList());

    public ValueTask<bool> RevokeAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = _keys.Values.FirstOrDefault(k => (k.Id == idOrName || k.Name == idOrName) && k.RevokedAt is null);
        if (key is null)
        {
            return ValueTask.FromResult(false);
        }

        _keys[key.Id] = key with { RevokedAt = at };
        return ValueTask.FromResult(true);
    }

    public async ValueTask<bool> RotateAsync(string id, ApiKey replacement, string secretHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue(id, out var old) || old.RevokedAt is not null)
        {
            return false;
        }

        await RevokeAsync(id, at, cancellationToken);
        Add(replacement);
        return true;
    }
}
