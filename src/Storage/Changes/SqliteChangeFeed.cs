using System.Data;
using McpGateway.Connectors.Changes;
using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Changes;

/// <summary>
/// The change feed of processes on one SQLite file (one host): each notice is a row of <c>changes</c>, whose growing
/// <c>seq</c> is the counter every follower polls once a second. Only the newest 1,000 rows are kept.
/// </summary>
internal sealed partial class SqliteChangeFeed(string path, string instance, TimeProvider time, ILogger<SqliteChangeFeed> logger) : IChangeFeed
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private static readonly StoreSchema s_schema = new("changes",
    [
        """
        CREATE TABLE IF NOT EXISTS changes (
            seq      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            instance TEXT    NOT NULL,
            topic    TEXT    NOT NULL,
            subject  TEXT    NOT NULL
        );
        """,
    ]);

    private readonly SqliteDatabase _database = new(path, s_schema, logger);

    public async ValueTask PublishAsync(ChangeNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _database.ExecuteWriteAsync(
            "INSERT INTO changes (instance, topic, subject) VALUES (@instance, @topic, @subject); " +
            "DELETE FROM changes WHERE seq <= last_insert_rowid() - 1000",
            command =>
            {
                command.AddText("@instance", instance);
                command.AddText("@topic", notice.Topic);
                command.AddText("@subject", notice.Subject);
            }, cancellationToken).ConfigureAwait(false);
    }

    public async Task FollowAsync(Func<ChangeNotice, Task> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        long? after = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
                if (after is not { } seen)
                {
                    after = (await _database.QueryAsync("SELECT COALESCE(MAX(seq), 0) FROM changes", _ => { }, r => r.GetInt64(0), cancellationToken)
                        .ConfigureAwait(false))[0];
                }
                else
                {
                    var rows = await _database.QueryAsync(
                        "SELECT seq, instance, topic, subject FROM changes WHERE seq > @after ORDER BY seq",
                        command => command.Add("@after", DbType.Int64, seen),
                        r => (Seq: r.GetInt64(0), Instance: r.GetString(1), Notice: new ChangeNotice(r.GetString(2), r.GetString(3))),
                        cancellationToken).ConfigureAwait(false);
                    foreach (var row in rows)
                    {
                        after = row.Seq;
                        if (row.Instance != instance)
                        {
                            await onChange(row.Notice).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.PollFailed(logger, ex);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Reading the change feed failed; trying again in a second")]
        public static partial void PollFailed(ILogger logger, Exception ex);
    }
}
