using System.Globalization;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

internal abstract partial class SqlRunStore
{
    // Keeps a renewal's id list well under SQLite's parameter limit.
    private const int RenewBatch = 500;

    public async ValueTask<bool> TryClaimAsync(
        string runId, string owner, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return await database.ExecuteWriteAsync(RunLeaseSql.Claim, command =>
        {
            command.AddText("@id", runId);
            command.AddText("@owner", owner);
            database.AddTime(command, "@lease_until", leaseUntil);
            database.AddTime(command, "@now", now);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask RenewLeasesAsync(
        string owner, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(runIds);
        foreach (var batch in runIds.Chunk(RenewBatch))
        {
            var names = batch.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var sql = RunLeaseSql.RenewPrefix + "(" + string.Join(", ", names) + ")";
            await database.ExecuteWriteAsync(sql, command =>
            {
                command.AddText("@owner", owner);
                database.AddTime(command, "@lease_until", leaseUntil);
                for (var i = 0; i < batch.Length; i++)
                {
                    command.AddText(names[i], batch[i]);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask ReleaseAsync(string runId, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await database.ExecuteWriteAsync(RunLeaseSql.Release, command =>
        {
            command.AddText("@id", runId);
            command.AddText("@owner", owner);
        }, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<int> ReleaseOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return database.ExecuteWriteAsync(RunLeaseSql.ReleaseOwner, command => command.AddText("@owner", owner), cancellationToken);
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public ValueTask<IReadOnlyList<FlowRun>> ListRunnableAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return QueryRunsAsync(RunLeaseSql.Runnable, command =>
        {
            database.AddTime(command, "@now", now);
            command.AddInt32("@limit", limit);
        }, cancellationToken);
    }
}
