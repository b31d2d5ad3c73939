namespace McpGateway.Policy.Callers;

/// <summary>Registered MCP servers. Tokens are checked against the store on every request, so a rotation takes effect at once on every replica.</summary>
public interface IMcpServerStore
{
    /// <summary>Creates or migrates the tables; idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Registers a server with its token's hash.</summary>
    /// <exception cref="InvalidOperationException">A server with that name exists.</exception>
    ValueTask CreateAsync(McpServerRecord server, string tokenHash, CancellationToken cancellationToken);

    /// <summary>The server of that name, or null.</summary>
    ValueTask<McpServerRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>The server of that name when <paramref name="tokenHash"/> is its current token's hash, else null.</summary>
    ValueTask<McpServerRecord?> AuthenticateAsync(string name, string tokenHash, CancellationToken cancellationToken);

    /// <summary>Every server, by name.</summary>
    ValueTask<IReadOnlyList<McpServerRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the token in one update (the old one stops matching in the same statement); false for an unknown name.</summary>
    ValueTask<bool> RotateAsync(string name, string tokenHash, string tokenPrefix, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the server; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
