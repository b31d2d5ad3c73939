using System.Data.Common;
using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// One idempotency write waiting for a group commit: its SQL and parameters; a reservation also carries the holder the
/// committer found (null when this call now holds the key).
/// </summary>
internal sealed class IdempotencyWrite(string sql, Action<DbCommand> bind, string? reserveKey = null)
{
    public string Sql { get; } = sql;

    public Action<DbCommand> Bind { get; } = bind;

    /// <summary>Set for a reservation: the key whose holder is read back when the upsert did not take it.</summary>
    public string? ReserveKey { get; } = reserveKey;

    /// <summary>The holder found by a reservation that lost, written by the committer before the caller resumes.</summary>
    public IdempotencyRecord? Holder { get; set; }
}
