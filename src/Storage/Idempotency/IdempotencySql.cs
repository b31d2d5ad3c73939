using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters). The
/// statements on one key's row come in two sets: <see cref="ByKey"/> finds the row by its key (PostgreSQL's unique
/// key); <see cref="ByRow"/> by its id and key (SQLite's key log, which has no index on the key; see SqliteKeyIndex).
/// </summary>
internal sealed class IdempotencySql
{
    /// <summary>The columns every read returns, in the order <see cref="IdempotencyRows"/> reads them.</summary>
    public const string Columns =
        "key, fingerprint, execution_id, state, approval_id, outcome_status, result_json, created_at, expires_at";

    /// <summary>
    /// PostgreSQL: takes a key that is absent or expired at @now, in one statement: @key, @fingerprint, @execution,
    /// @created, @expires, @now. The primary key makes a concurrent insert of the same key conflict, and the conflict
    /// branch only overwrites a row that has expired; so it returns a row exactly when this call now holds the key. When
    /// it returns none, PostgreSQL has still locked the live row (ON CONFLICT DO UPDATE locks the row even when its
    /// WHERE is false): the holder read in the same transaction is the one that won. (SQLite reserves through its key
    /// log instead: SqliteKeyLog.)
    /// </summary>
    public const string Reserve = ReserveUpsert + " RETURNING key";

    /// <summary>
    /// <see cref="Reserve"/> without its RETURNING: for a batch that reads the row back with <see cref="Get"/> in the
    /// same transaction, where the execution id on the row says who holds the key.
    /// </summary>
    public const string ReserveUpsert =
        "INSERT INTO idempotency_keys (key, fingerprint, execution_id, state, approval_id, outcome_status, result_json, created_at, expires_at) " +
        $"VALUES (@key, @fingerprint, @execution, '{IdempotencyStates.InFlight}', NULL, NULL, NULL, @created, @expires) " +
        "ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, execution_id = excluded.execution_id, " +
        "state = excluded.state, approval_id = NULL, outcome_status = NULL, result_json = NULL, " +
        "created_at = excluded.created_at, expires_at = excluded.expires_at " +
        "WHERE idempotency_keys.expires_at <= @now";

    /// <summary>One key: @key.</summary>
    public const string Get = $"SELECT {Columns} FROM idempotency_keys WHERE key = @key";

    /// <summary>
    /// Deletes up to @limit keys expired at @now (the same test as <see cref="Reserve"/>'s, so a purged key could have
    /// been replaced anyway). Bounded so that one purge never holds the write lock long. (PostgreSQL: SQLite walks its
    /// key log by id instead; see SqliteIdempotencyStore.)
    /// </summary>
    public const string PurgeExpired =
        "DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at <= @now LIMIT @limit)";

    /// <summary>The state of a released key's row in the SQLite key log, which keeps it until the next purge.</summary>
    public const string Released = "released";

    /// <summary>The statements that find a key's row by the key alone (@key), and delete released keys.</summary>
    public static readonly IdempotencySql ByKey = new("key = @key", tombstones: false);

    /// <summary>
    /// The statements that find a key's row by its id and key (@id, @key), and mark released keys
    /// <see cref="Released"/> instead of deleting them (the key log never deletes its newest row; see SqliteKeyIndex).
    /// </summary>
    public static readonly IdempotencySql ByRow = new("id = @id AND key = @key", tombstones: true);

    private IdempotencySql(string match, bool tombstones)
    {
        var delete = tombstones ? $"UPDATE idempotency_keys SET state = '{Released}'" : "DELETE FROM idempotency_keys";
        var held = $"{match} AND execution_id = @execution AND state IN ('{IdempotencyStates.InFlight}', '{IdempotencyStates.PendingApproval}')";
        var unknown = $"{match} AND execution_id = @execution AND state = '{IdempotencyStates.OutcomeUnknown}'";
        Complete =
            $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = @outcome, result_json = @result WHERE {held}";
        MarkPendingApproval = $"UPDATE idempotency_keys SET state = '{IdempotencyStates.PendingApproval}', approval_id = @approval WHERE {held}";
        Transfer =
            "UPDATE idempotency_keys SET execution_id = @newExecution, state = @state, approval_id = @newApproval " +
            $"WHERE {match} AND state = '{IdempotencyStates.PendingApproval}' AND approval_id = @approval";
        MarkOutcomeUnknown =
            $"UPDATE idempotency_keys SET state = '{IdempotencyStates.OutcomeUnknown}' " +
            $"WHERE {match} AND execution_id = @execution AND state = '{IdempotencyStates.InFlight}'";
        SettleUnknownAsDone =
            $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = 'reconciled', result_json = @result WHERE {unknown}";
        SettleUnknownAsNotDone = $"{delete} WHERE {unknown}";
        Release = $"{delete} WHERE {held}";
        FindByExecution =
            $"SELECT {Columns} FROM idempotency_keys WHERE execution_id = @execution" +
            (tombstones ? $" AND state <> '{Released}'" : string.Empty) + " ORDER BY created_at DESC, key LIMIT 1";
    }

    // Held: not completed, and still the execution's (a replaced or transferred key belongs to another one).

    /// <summary>Stores the result under a key held by @execution: @outcome, @result.</summary>
    public string Complete { get; }

    /// <summary>Freezes a key held by @execution for approval @approval.</summary>
    public string MarkPendingApproval { get; }

    /// <summary>
    /// Hands a key frozen for approval @approval to execution @newExecution in state @state, now waiting for
    /// @newApproval (null once it runs again).
    /// </summary>
    public string Transfer { get; }

    /// <summary>Marks a key in flight for @execution as having an unknown outcome.</summary>
    public string MarkOutcomeUnknown { get; }

    /// <summary>Completes a key left with an unknown outcome by @execution: @result (status reconciled).</summary>
    public string SettleUnknownAsDone { get; }

    /// <summary>Frees a key left with an unknown outcome by @execution (the call did not take effect).</summary>
    public string SettleUnknownAsNotDone { get; }

    /// <summary>Frees a key held by @execution.</summary>
    public string Release { get; }

    /// <summary>The key an execution holds or completed: @execution.</summary>
    public string FindByExecution { get; }
}
