using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Moves the WAL into the database file once a second from a connection of its own (a passive checkpoint never
/// blocks the writer), so the fsync a checkpoint costs stays off the calls' commit path.
/// </summary>
internal sealed partial class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>
    /// The automatic checkpoint threshold for connections whose file has a checkpointer: past this many WAL pages a
    /// committing connection checkpoints (and fsyncs) inline, which with the checkpointer only happens if it falls behind.
    /// </summary>
    public const int DeferredAutoCheckpointPages = 16384;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqliteCheckpointer(string connectionString, ILogger logger) =>
        _loop = Task.Run(() => RunAsync(connectionString, logger, _stop.Token));

    private static async Task RunAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period);
        await using var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                catch (SqliteException ex)
                {
                    Log.CheckpointFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Journal checkpoint failed (SQLite's automatic checkpoint still bounds the WAL): {Reason}")]
        public static partial void CheckpointFailed(ILogger logger, string reason);
    }
}
