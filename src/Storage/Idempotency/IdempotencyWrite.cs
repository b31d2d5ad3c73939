using System.Data.Common;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// One idempotency write waiting for a group commit: a reservation (<see cref="Reservation"/>, whose holder the
/// committer writes back), or one conditional statement on a key's row (<see cref="Sql"/> with its parameters; see
/// <see cref="IdempotencySql"/>), whose affected-row count is the answer.
/// </summary>
internal sealed class IdempotencyWrite
{
    private IdempotencyWrite(string? sql, Action<DbCommand>? bind, KeyReservation? reservation)
    {
        Sql = sql;
        Bind = bind;
        Reservation = reservation;
    }

    /// <summary>The statement, for anything but a reservation.</summary>
    public string? Sql { get; }

    /// <summary>Adds the statement's parameters.</summary>
    public Action<DbCommand>? Bind { get; }

    /// <summary>The reservation, for one.</summary>
    public KeyReservation? Reservation { get; }

    /// <summary>A reservation.</summary>
    public static IdempotencyWrite Reserve(KeyReservation reservation) => new(null, null, reservation);

    /// <summary>A statement on one key's row.</summary>
    public static IdempotencyWrite Statement(string sql, Action<DbCommand> bind) => new(sql, bind, null);
}
