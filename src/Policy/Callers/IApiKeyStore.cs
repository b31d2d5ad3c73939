namespace McpGateway.Policy.Callers;

/// <summary>Durable API keys. Only hashes are stored; the secret is shown once, at creation.</summary>
public interface IApiKeyStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new key with the SHA-256 hash (lower-case hex) of its secret.</summary>
    /// <exception cref="InvalidOperationException">An active key already has this name.</exception>
    ValueTask CreateAsync(ApiKey key, string secretHash, CancellationToken cancellationToken);

    /// <summary>The active (not revoked) key whose secret hashes to <paramref name="secretHash"/>, or null.</summary>
    ValueTask<ApiKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>One key by id (revoked or not), or null.</summary>
    ValueTask<ApiKey?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first, revoked ones included.</summary>
    ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key by id or name; false when no active key matched.</summary>
    ValueTask<bool> RevokeAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken);
}
