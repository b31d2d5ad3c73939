using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Whether a file's <c>executions</c> rows can carry the completion of the key their call held (the journal's migration
/// 5, <see cref="SqliteIdempotencySql.AddExecutionResults"/>). The idempotency store reads keys through them only then:
/// a file of that store alone has no journal.
/// </summary>
internal static class SqliteCompletions
{
    /// <summary>True when the columns exist; once true, always true (migrations only add).</summary>
    public static bool Present(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteIdempotencySql.HasExecutionResults;
        return command.ExecuteScalar() is not null;
    }
}
