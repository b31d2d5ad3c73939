using System.Text.Json;
using McpGateway.Connectors.Changes;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.Storage.Changes;

/// <summary>
/// The change feed of replicas on one PostgreSQL database: <c>NOTIFY mcpgw_changes</c> with the notice as JSON, and one
/// dedicated connection per follower that <c>LISTEN</c>s and waits (<see cref="NpgsqlConnection.WaitAsync(CancellationToken)"/>).
/// A lost connection is opened again with a growing delay (1 s to 30 s); since notices sent meanwhile are gone, the
/// follower is then told to resync.
/// </summary>
internal sealed partial class PostgresChangeFeed : IChangeFeed
{
    private const string Channel = "mcpgw_changes";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresChangeFeed> _logger;

    public PostgresChangeFeed(string connectionString, string instance, TimeProvider time, ILogger<PostgresChangeFeed> logger)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // A listening connection is idle for long stretches: keepalives find a dead server or a cut link.
        if (builder.ConnectionStringBuilder.KeepAlive == 0)
        {
            builder.ConnectionStringBuilder.KeepAlive = 15;
        }

        _dataSource = builder.Build();
        _instance = instance;
        _time = time;
        _logger = logger;
    }

    public async ValueTask PublishAsync(ChangeNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var payload = JsonSerializer.Serialize(new[] { _instance, notice.Topic, notice.Subject });
        await using var command = _dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FollowAsync(Func<ChangeNotice, Task> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var backoff = TimeSpan.FromSeconds(1);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                var received = new List<ChangeNotice>();
                connection.Notification += (_, e) =>
                {
                    if (Parse(e.Payload) is { } notice)
                    {
                        received.Add(notice);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!first)
                {
                    Log.Listening(_logger);
                    await onChange(new ChangeNotice(ChangeNotice.Resync, "")).ConfigureAwait(false);
                }

                first = false;
                backoff = TimeSpan.FromSeconds(1);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var notice in received.ToArray())
                    {
                        await onChange(notice).ConfigureAwait(false);
                    }

                    received.Clear();
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                first = false;
                Log.ListenFailed(_logger, backoff.TotalSeconds, ex);
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // Another instance's notice; null for this instance's own or for a payload no gateway wrote.
    private ChangeNotice? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(payload) is [var from, var topic, var subject] && from != _instance
                ? new ChangeNotice(topic, subject)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Listening for other replicas' changes failed; connecting again in {Seconds} s")]
        public static partial void ListenFailed(ILogger logger, double seconds, Exception ex);

        [LoggerMessage(2, LogLevel.Information, "Listening for other replicas' changes again; rereading what may have changed meanwhile")]
        public static partial void Listening(ILogger logger);
    }
}
