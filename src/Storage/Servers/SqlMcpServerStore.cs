using System.Data.Common;
using System.Text.Json;
using McpGateway.Policy.Callers;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Servers;

/// <summary>
/// What the MCP server stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. Rotation is one update, so no instant exists where both tokens match.
/// </summary>
internal abstract class SqlMcpServerStore(RelationalDatabase database) : IMcpServerStore, IAsyncDisposable
{
    private const int Sha256HexLength = 64;

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask CreateAsync(McpServerRecord server, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ValidateHash(tokenHash);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(McpServerSql.Insert);
        command.AddText("@name", server.Name);
        command.AddText("@description", server.Description);
        command.AddText("@tools_json", JsonSerializer.Serialize(server.Tools));
        command.AddText("@token_hash", tokenHash);
        command.AddText("@token_prefix", server.TokenPrefix);
        database.AddTime(command, "@created_at", server.CreatedAt);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"An MCP server named '{server.Name}' already exists; delete it or rotate its token.", ex);
        }
    }

    public async ValueTask<McpServerRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var records = await QueryAsync(McpServerSql.Get, c => c.AddText("@name", name), cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async ValueTask<McpServerRecord?> AuthenticateAsync(string name, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tokenHash);
        var records = await QueryAsync(McpServerSql.Authenticate, c =>
        {
            c.AddText("@name", name);
            c.AddText("@token_hash", tokenHash);
        }, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async ValueTask<IReadOnlyList<McpServerRecord>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync(McpServerSql.List, _ => { }, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> RotateAsync(string name, string tokenHash, string tokenPrefix, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tokenPrefix);
        ValidateHash(tokenHash);
        return await ExecuteAsync(McpServerSql.Rotate, c =>
        {
            c.AddText("@name", name);
            c.AddText("@token_hash", tokenHash);
            c.AddText("@token_prefix", tokenPrefix);
            database.AddTime(c, "@at", at);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await ExecuteAsync(McpServerSql.Delete, c => c.AddText("@name", name), cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static void ValidateHash(string tokenHash)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);

        // Catches a caller passing the token itself, which must never be stored.
        if (tokenHash.Length != Sha256HexLength || !tokenHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The token hash must be a SHA-256 digest as 64 lower-case hex digits.", nameof(tokenHash));
        }
    }

    private async ValueTask<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<McpServerRecord>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await McpServerRows.ReadAllAsync(reader, database, cancellationToken).ConfigureAwait(false);
    }
}
