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

    /// <summary>
    /// Replaces the active key <paramref name="id"/> with <paramref name="replacement"/> in one transaction: the old key is
    /// revoked at <paramref name="at"/> and the new one stored, or neither changes. False when no active key has that id
    /// (so of two rotations of one key, one wins).
    /// </summary>
    /// <exception cref="InvalidOperationException">The new key could not be stored (its id, secret or name is taken); nothing changed.</exception>
    ValueTask<bool> RotateAsync(string id, ApiKey replacement, string secretHash, DateTimeOffset at, CancellationToken cancellationToken);
}
