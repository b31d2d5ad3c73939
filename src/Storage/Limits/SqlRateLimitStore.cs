using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Limits;

/// <summary>
/// What the rate limit stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. A count is one conditional upsert; a slot is taken under its subject's gate row,
/// so of any number of callers on any replica at most the limit are counted or hold a slot.
/// </summary>
internal abstract class SqlRateLimitStore(RelationalDatabase database) : IRateLimitStore, IAsyncDisposable
{
    // A gate row untouched this long (and with no slot) is deleted; the next taker makes it again.
    private static readonly TimeSpan KeepGates = TimeSpan.FromDays(1);

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask<bool> TryCountAsync(
        string limit, string subject, DateTimeOffset windowStart, DateTimeOffset windowEnd, int max, CancellationToken cancellationToken) =>
        await database.ExecuteWriteScalarAsync(RateLimitSql.Count, command =>
        {
            command.AddText("@limit", limit);
            command.AddText("@subject", subject);
            database.AddTime(command, "@start", windowStart);
            database.AddTime(command, "@end", windowEnd);
            command.AddInt32("@max", max);
        }, cancellationToken).ConfigureAwait(false) is not (null or DBNull);

    public async ValueTask<bool> TryHoldAsync(
        string limit, string subject, string holder, int max, string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var gate = connection.CreateCommand(RateLimitSql.Gate, transaction))
        {
            gate.AddText("@limit", limit);
            gate.AddText("@subject", subject);
            database.AddTime(gate, "@now", now);
            await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var hold = connection.CreateCommand(RateLimitSql.Hold, transaction);
        hold.AddText("@limit", limit);
        hold.AddText("@subject", subject);
        hold.AddText("@holder", holder);
        hold.AddText("@instance", instanceId);
        database.AddTime(hold, "@now", now);
        hold.AddInt32("@max", max);
        var taken = await hold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return taken;
    }

    public async ValueTask ReleaseAsync(string limit, string subject, string holder, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(RateLimitSql.Release, command =>
        {
            command.AddText("@limit", limit);
            command.AddText("@subject", subject);
            command.AddText("@holder", holder);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<int> ReleaseHeldByAsync(string instanceId, CancellationToken cancellationToken) =>
        database.ExecuteWriteAsync(RateLimitSql.ReleaseHeldBy, command => command.AddText("@instance", instanceId), cancellationToken);

    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var windows = await database.ExecuteWriteAsync(RateLimitSql.PurgeWindows, command => database.AddTime(command, "@now", now), cancellationToken)
            .ConfigureAwait(false);
        await database.ExecuteWriteAsync(RateLimitSql.PurgeGates, command => database.AddTime(command, "@before", now - KeepGates), cancellationToken)
            .ConfigureAwait(false);
        return windows;
    }

    public ValueTask<IReadOnlyList<RateLimitUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.QueryAsync(RateLimitSql.Usage, command => database.AddTime(command, "@now", now), reader => new RateLimitUsage
        {
            Limit = reader.GetString(0),
            Subject = reader.GetString(1),
            Requests = Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
            WindowEnd = reader.GetNullableTime(3, database),
            InFlight = Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
