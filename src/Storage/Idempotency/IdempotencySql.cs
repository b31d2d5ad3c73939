using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Idempotency;

/// <summary>The idempotency store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class IdempotencySql
{
    /// <summary>The columns every read returns, in the order <see cref="IdempotencyRows"/> reads them.</summary>
    public const string Columns =
        "key, fingerprint, execution_id, state, approval_id, outcome_status, result_json, created_at, expires_at";

    /// <summary>
    /// Takes a key that is absent or expired at @now, in one statement: @key, @fingerprint, @execution, @created,
    /// @expires, @now. The primary key makes a concurrent insert of the same key conflict, and the conflict branch
    /// only overwrites a row that has expired; so it returns a row exactly when this call now holds the key. When it
    /// returns none, PostgreSQL has still locked the live row (ON CONFLICT DO UPDATE locks the row even when its
    /// WHERE is false), and SQLite holds the write lock: the holder read in the same transaction is the one that won.
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

    /// <summary>The key an execution holds or completed: @execution.</summary>
    public const string FindByExecution =
        $"SELECT {Columns} FROM idempotency_keys WHERE execution_id = @execution ORDER BY created_at DESC, key LIMIT 1";

    /// <summary>Stores the result under a key @key held by @execution: @outcome, @result.</summary>
    public const string Complete =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = @outcome, result_json = @result " +
        $"WHERE {HeldByExecution}";

    /// <summary>Freezes a key @key held by @execution for approval @approval.</summary>
    public const string MarkPendingApproval =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.PendingApproval}', approval_id = @approval " +
        $"WHERE {HeldByExecution}";

    /// <summary>
    /// Hands a key @key frozen for approval @approval to execution @newExecution in state @state, now waiting for
    /// @newApproval (null once it runs again).
    /// </summary>
    public const string Transfer =
        "UPDATE idempotency_keys SET execution_id = @newExecution, state = @state, approval_id = @newApproval " +
        $"WHERE key = @key AND state = '{IdempotencyStates.PendingApproval}' AND approval_id = @approval";

    /// <summary>Marks a key @key in flight for @execution as having an unknown outcome.</summary>
    public const string MarkOutcomeUnknown =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.OutcomeUnknown}' " +
        $"WHERE key = @key AND execution_id = @execution AND state = '{IdempotencyStates.InFlight}'";

    /// <summary>Completes a key @key left with an unknown outcome by @execution: @result (status reconciled).</summary>
    public const string SettleUnknownAsDone =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = 'reconciled', result_json = @result " +
        $"WHERE {UnknownByExecution}";

    /// <summary>Deletes a key @key left with an unknown outcome by @execution (the call did not take effect).</summary>
    public const string SettleUnknownAsNotDone = $"DELETE FROM idempotency_keys WHERE {UnknownByExecution}";

    /// <summary>Deletes a key @key held by @execution.</summary>
    public const string Release = $"DELETE FROM idempotency_keys WHERE {HeldByExecution}";

    /// <summary>
    /// Deletes up to @limit keys expired at @now (the same test as <see cref="Reserve"/>'s, so a purged key could have
    /// been replaced anyway). Bounded so that one purge never holds the write lock long (SQLite has one per file).
    /// </summary>
    public const string PurgeExpired =
        "DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at <= @now LIMIT @limit)";

    private const string UnknownByExecution =
        $"key = @key AND execution_id = @execution AND state = '{IdempotencyStates.OutcomeUnknown}'";

    // Held: not completed, and still the execution's (a replaced or transferred key belongs to another one).
    private const string HeldByExecution =
        $"key = @key AND execution_id = @execution AND state IN ('{IdempotencyStates.InFlight}', '{IdempotencyStates.PendingApproval}')";
}
