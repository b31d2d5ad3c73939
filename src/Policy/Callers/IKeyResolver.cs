namespace McpGateway.Policy.Callers;

/// <summary>
/// Finds the key a recorded key id stands for when a call made earlier is carried out later (an approved call thawed):
/// a stored key, or a principal the gateway makes itself (a flow trigger's).
/// </summary>
public interface IKeyResolver
{
    /// <summary>The active key with this id, or null when it is unknown or revoked.</summary>
    ValueTask<ApiKey?> FindAsync(string keyId, CancellationToken cancellationToken);
}
