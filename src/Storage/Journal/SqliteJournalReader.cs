using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Journal;

/// <summary>Journal reads, each on a pooled read connection of its own so reads never wait for the writer.</summary>
internal sealed class SqliteJournalReader(string connectionString) : IJournalReader
{
    /// <summary>One record, or null.</summary>
    public async ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = JournalSql.Get;
        command.Parameters.AddWithValue("@id", executionId);
        var records = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <summary>Open records of one instance.</summary>
    public async ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = JournalSql.ListOpen;
        command.Parameters.AddWithValue("@instance", instanceId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The instances with open records.</summary>
    public async ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = JournalSql.ListOpenInstances;
        return await JournalRows.ReadStringsAsync(await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Filtered, newest first.</summary>
    public async ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        JournalSql.PrepareList(command, query, SqliteTime.ToDbObject);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ExecutionRecord>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JournalRows.ReadAllAsync(reader, SqliteTime.Read, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
