using System.Data.Common;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Instances;

/// <summary>
/// What the instance stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. A claim is a conditional update on the heartbeat it saw, so of several processes
/// racing for one dead instance exactly one wins, and none wins over a heartbeat that came in meanwhile.
/// </summary>
internal abstract class SqlInstanceStore(RelationalDatabase database) : IInstanceStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async ValueTask RegisterAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await database.ExecuteWriteAsync(InstanceSql.Insert, command =>
        {
            command.AddText("@id", instance.Id);
            command.AddText("@host", instance.Host);
            command.AddInt32("@pid", instance.ProcessId);
            database.AddTime(command, "@process_started", instance.ProcessStartedAt);
            database.AddTime(command, "@heartbeat", instance.HeartbeatAt);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> HeartbeatAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(InstanceSql.Heartbeat, command =>
        {
            command.AddText("@id", id);
            database.AddTime(command, "@now", now);
        }, cancellationToken).ConfigureAwait(false) > 0;

    public async ValueTask StopAsync(string id, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(InstanceSql.Stop, command =>
        {
            command.AddText("@id", id);
            database.AddTime(command, "@epoch", DateTimeOffset.UnixEpoch);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<IReadOnlyList<InstanceRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.QueryAsync(InstanceSql.List, _ => { }, Read, cancellationToken);

    public async ValueTask<bool> ClaimAsync(string id, string claimer, DateTimeOffset seenHeartbeat, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var claim = connection.CreateCommand(InstanceSql.Claim, transaction);
        claim.AddText("@id", id);
        claim.AddText("@claimer", claimer);
        database.AddTime(claim, "@seen", seenHeartbeat);
        if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await using var inherit = connection.CreateCommand(InstanceSql.Inherit, transaction);
        inherit.AddText("@id", id);
        inherit.AddText("@claimer", claimer);
        await inherit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<bool> AdoptAsync(string id, string claimer, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(InstanceSql.Adopt, command =>
        {
            command.AddText("@id", id);
            command.AddText("@claimer", claimer);
            database.AddTime(command, "@epoch", DateTimeOffset.UnixEpoch);
        }, cancellationToken).ConfigureAwait(false) > 0;

    public async ValueTask MarkRecoveredAsync(string id, string claimer, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.ExecuteWriteAsync(InstanceSql.Recovered, command =>
        {
            command.AddText("@id", id);
            command.AddText("@claimer", claimer);
            database.AddTime(command, "@now", now);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.ExecuteWriteAsync(InstanceSql.Purge, command => database.AddTime(command, "@before", before), cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private InstanceRecord Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Host = reader.GetString(1),
        ProcessId = reader.GetInt32(2),
        ProcessStartedAt = database.ReadTime(reader, 3),
        HeartbeatAt = database.ReadTime(reader, 4),
        RecoveredBy = reader.GetNullableString(5),
    };
}
