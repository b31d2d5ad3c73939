using System.Data.Common;
using McpGateway.Storage.Journal;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// One idempotency write waiting for a group commit: a reservation (<see cref="Reservation"/>, whose holder the
/// committer writes back), or a statement on one key's row (<see cref="Sql"/> with its parameters; see
/// <see cref="IdempotencySql"/>), or any other statement.
/// </summary>
internal sealed class IdempotencyWrite
{
    private IdempotencyWrite(string? sql, Action<DbCommand>? bind, string? key, KeyReservation? reservation)
    {
        Sql = sql;
        Bind = bind;
        Key = key;
        Reservation = reservation;
    }

    /// <summary>The statement, for anything but a reservation.</summary>
    public string? Sql { get; }

    /// <summary>Adds the statement's parameters (a SQLite committer adds the row's @id itself).</summary>
    public Action<DbCommand>? Bind { get; }

    /// <summary>The key whose row the statement changes, for a statement on one key's row.</summary>
    public string? Key { get; }

    /// <summary>The reservation, for one.</summary>
    public KeyReservation? Reservation { get; }

    /// <summary>A reservation.</summary>
    public static IdempotencyWrite Reserve(KeyReservation reservation) => new(null, null, null, reservation);

    /// <summary>A statement on <paramref name="key"/>'s row.</summary>
    public static IdempotencyWrite OnKey(string key, string sql, Action<DbCommand> bind) => new(sql, bind, key, null);
}
