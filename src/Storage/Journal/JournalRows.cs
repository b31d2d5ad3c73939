using System.Data.Common;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>Reads <see cref="ExecutionRecord"/>s from rows selected with <see cref="JournalSql.Columns"/>.</summary>
internal static class JournalRows
{
    /// <summary>Reads every row.</summary>
    /// <param name="reader">Rows selected with <see cref="JournalSql.Columns"/>.</param>
    /// <param name="readTime">How this store reads a non-null timestamp column.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IReadOnlyList<ExecutionRecord>> ReadAllAsync(
        DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken cancellationToken)
    {
        var records = new List<ExecutionRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader, readTime));
        }

        return records;
    }

    /// <summary>Reads the first column of every row as text, then disposes the reader.</summary>
    public static async Task<IReadOnlyList<string>> ReadStringsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        await using (reader.ConfigureAwait(false))
        {
            var values = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetString(0));
            }

            return values;
        }
    }

    /// <summary>Reads the current row.</summary>
    public static ExecutionRecord Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime) => new()
    {
        ExecutionId = reader.GetString(0),
        InstanceId = reader.GetString(1),
        SessionId = NullableString(reader, 2),
        Agent = NullableString(reader, 3),
        Connector = NullableString(reader, 4),
        Tool = reader.GetString(5),
        ArgumentsJson = reader.GetString(6),
        StartedAt = readTime(reader, 7),
        EndedAt = reader.IsDBNull(8) ? null : readTime(reader, 8),
        Status = reader.GetString(9),
        Error = NullableString(reader, 10),
        TraceJson = NullableString(reader, 11),
        SettlementJson = NullableString(reader, 12),
        OutputJson = NullableString(reader, 13),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
