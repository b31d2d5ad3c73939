namespace McpGateway.Policy.Callers;

/// <summary>Resolves key ids against the key store only: a revoked key resolves to nothing.</summary>
internal sealed class StoredKeyResolver(IApiKeyStore keys) : IKeyResolver
{
    /// <inheritdoc />
    public async ValueTask<ApiKey?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        await keys.GetAsync(keyId, cancellationToken) is { RevokedAt: null } key ? key : null;
}
