using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Postgres;
using Npgsql;

namespace McpGateway.Storage.Journal;

/// <summary>Journal reads on pooled connections of the data source.</summary>
internal sealed class PostgresJournalReader(NpgsqlDataSource dataSource) : IJournalReader
{
    /// <summary>One record, or null.</summary>
    public async ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        await using var command = dataSource.CreateCommand(JournalSql.Get);
        command.Parameters.AddWithValue("id", executionId);
        var records = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <summary>Open records of one instance.</summary>
    public async ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await using var command = dataSource.CreateCommand(JournalSql.ListOpen);
        command.Parameters.AddWithValue("instance", instanceId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The instances with open records.</summary>
    public async ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ListOpenInstances);
        return await JournalRows.ReadStringsAsync(await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Filtered, newest first.</summary>
    public async ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        JournalSql.PrepareList(command, query, PostgresTime.ToDbObject);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ExecutionRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await JournalRows.ReadAllAsync(reader, PostgresTime.Read, cancellationToken).ConfigureAwait(false);
    }
}
