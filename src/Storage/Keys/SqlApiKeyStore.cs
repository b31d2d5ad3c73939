using System.Data.Common;
using McpGateway.Policy.Callers;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Keys;

/// <summary>
/// What the API key stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. Every write is one statement, or (a rotation) one transaction, so it is whole or absent.
/// </summary>
internal abstract class SqlApiKeyStore(RelationalDatabase database) : IApiKeyStore, IAsyncDisposable
{
    private const int Sha256HexLength = 64;

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask CreateAsync(ApiKey key, string secretHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateHash(secretHash);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = InsertCommand(connection, null, key, secretHash);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException(
                await DescribeConflictAsync(connection, key, cancellationToken).ConfigureAwait(false), ex);
        }
    }

    public async ValueTask<ApiKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var keys = await QueryAsync(ApiKeySql.FindByHash, "@hash", secretHash, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    public async ValueTask<ApiKey?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var keys = await QueryAsync(ApiKeySql.Get, "@id", id, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    public async ValueTask<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync(ApiKeySql.List, null, null, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> RevokeAsync(string idOrName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ApiKeySql.Revoke);
        command.AddText("@key", idOrName);
        database.AddTime(command, "@at", at);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> RotateAsync(string id, ApiKey replacement, string secretHash, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(replacement);
        ValidateHash(secretHash);

        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            // The old key goes first (names are unique among active keys); a concurrent rotation waits on its row and
            // then finds it revoked.
            await using (var revoke = connection.CreateCommand(ApiKeySql.RevokeById, transaction))
            {
                revoke.AddText("@id", id);
                database.AddTime(revoke, "@at", at);
                if (await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            try
            {
                await using var insert = InsertCommand(connection, transaction, replacement, secretHash);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbException ex) when (database.IsUniqueViolation(ex))
            {
                // The revocation is undone; rolled back first because PostgreSQL runs nothing more in a failed transaction.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw new InvalidOperationException(
                    await DescribeConflictAsync(connection, replacement, cancellationToken).ConfigureAwait(false), ex);
            }
        }
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static void ValidateHash(string secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);

        // Catches a caller passing the secret itself, which must never be stored.
        if (secretHash.Length != Sha256HexLength || !secretHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The secret hash must be a SHA-256 digest as 64 lower-case hex digits.", nameof(secretHash));
        }
    }

    private DbCommand InsertCommand(DbConnection connection, DbTransaction? transaction, ApiKey key, string secretHash)
    {
        var command = connection.CreateCommand(ApiKeySql.Insert, transaction);
        command.AddText("@id", key.Id);
        command.AddText("@name", key.Name);
        command.AddText("@agent", key.Agent);
        command.AddText("@hash", secretHash);
        command.AddText("@scopes", ApiKeyRows.ToJson(key.Scopes));
        command.AddText("@tools", ApiKeyRows.ToJson(key.AllowedTools));
        command.AddBoolean("@readOnly", key.ReadOnly);
        command.AddText("@envs", ApiKeyRows.ToJson(key.Envs));
        command.AddText("@workflows", ApiKeyRows.ToJson(key.Workflows));
        command.AddText("@resources", ApiKeyRows.ToJson(key.Resources));
        command.AddText("@actions", ApiKeyRows.ToJson(key.AllowedActions));
        command.AddText("@prefix", key.Prefix);
        database.AddTime(command, "@created", key.CreatedAt);
        command.AddText("@limit", ApiKeyRows.LimitToJson(key.Limit));
        return command;
    }

    private static async Task<string> DescribeConflictAsync(DbConnection connection, ApiKey key, CancellationToken cancellationToken)
    {
        // The insert already failed atomically; this read only picks the words of the error.
        await using var command = connection.CreateCommand(ApiKeySql.ActiveIdByName);
        command.AddText("@name", key.Name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string holder
            ? $"An active API key named '{key.Name}' already exists ({holder}); revoke it or choose another name."
            : $"An API key with id '{key.Id}' or with the same secret already exists.";
    }

    private async Task<IReadOnlyList<ApiKey>> QueryAsync(
        string sql, string? parameter, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        if (parameter is not null)
        {
            command.AddText(parameter, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ApiKeyRows.ReadAllAsync(reader, database, cancellationToken).ConfigureAwait(false);
    }
}
