using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Idempotency;

/// <summary>
/// The idempotency store's SQL, the same for SQLite and PostgreSQL (both accept <c>@name</c> parameters and the
/// <c>ON CONFLICT … DO UPDATE … WHERE … RETURNING</c> upsert). Every statement finds a key's row by its primary key.
/// </summary>
internal static class IdempotencySql
{
    /// <summary>The columns every read returns, in the order <see cref="IdempotencyRows"/> reads them.</summary>
    public const string Columns =
        "key, fingerprint, execution_id, state, approval_id, outcome_status, result_json, created_at, expires_at";

    /// <summary>
    /// Takes a key that is absent or expired at @now, in one statement: @key, @fingerprint, @execution, @created,
    /// @expires, @now. The primary key makes a concurrent insert of the same key conflict, and the conflict branch only
    /// overwrites a row that has expired; so it returns a row exactly when this call now holds the key. When it returns
    /// none, the holder is read with <see cref="Get"/> in the same transaction, which the store's write lock (SQLite) or
    /// the row lock the upsert took (PostgreSQL: ON CONFLICT DO UPDATE locks the row even when its WHERE is false) keeps
    /// the one that won.
    /// </summary>
    public const string Reserve =
        "INSERT INTO idempotency_keys (key, fingerprint, execution_id, state, approval_id, outcome_status, result_json, created_at, expires_at) " +
        $"VALUES (@key, @fingerprint, @execution, '{IdempotencyStates.InFlight}', NULL, NULL, NULL, @created, @expires) " +
        "ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, execution_id = excluded.execution_id, " +
        "state = excluded.state, approval_id = NULL, outcome_status = NULL, result_json = NULL, " +
        "created_at = excluded.created_at, expires_at = excluded.expires_at " +
        "WHERE idempotency_keys.expires_at <= @now RETURNING key";

    /// <summary>One key: @key.</summary>
    public const string Get = $"SELECT {Columns} FROM idempotency_keys WHERE key = @key";

    /// <summary>
    /// Deletes up to @limit keys expired at @now (the same test as <see cref="Reserve"/>'s, so a purged key could have
    /// been replaced anyway). Bounded so that one purge never holds the write lock long.
    /// </summary>
    public const string PurgeExpired =
        "DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires_at <= @now LIMIT @limit)";

    // Held: not completed, and still the execution's (a replaced or transferred key belongs to another one).
    private const string Held =
        $"key = @key AND execution_id = @execution AND state IN ('{IdempotencyStates.InFlight}', '{IdempotencyStates.PendingApproval}')";

    private const string Unknown = $"key = @key AND execution_id = @execution AND state = '{IdempotencyStates.OutcomeUnknown}'";

    /// <summary>Stores the result under a key held by @execution: @outcome, @result.</summary>
    public const string Complete =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = @outcome, result_json = @result WHERE {Held}";

    /// <summary>Freezes a key held by @execution for approval @approval.</summary>
    public const string MarkPendingApproval =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.PendingApproval}', approval_id = @approval WHERE {Held}";

    /// <summary>
    /// Hands a key frozen for approval @approval to execution @newExecution in state @state, now waiting for
    /// @newApproval (null once it runs again).
    /// </summary>
    public const string Transfer =
        "UPDATE idempotency_keys SET execution_id = @newExecution, state = @state, approval_id = @newApproval " +
        $"WHERE key = @key AND state = '{IdempotencyStates.PendingApproval}' AND approval_id = @approval";

    /// <summary>Marks a key in flight for @execution as ended with an unknown outcome.</summary>
    public const string MarkOutcomeUnknown =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.OutcomeUnknown}' " +
        $"WHERE key = @key AND execution_id = @execution AND state = '{IdempotencyStates.InFlight}'";

    /// <summary>Completes a key left with an unknown outcome by @execution: @result (status reconciled).</summary>
    public const string SettleUnknownAsDone =
        $"UPDATE idempotency_keys SET state = '{IdempotencyStates.Completed}', outcome_status = 'reconciled', result_json = @result WHERE {Unknown}";

    /// <summary>Frees a key left with an unknown outcome by @execution (the call did not take effect).</summary>
    public const string SettleUnknownAsNotDone = $"DELETE FROM idempotency_keys WHERE {Unknown}";

    /// <summary>Frees a key held by @execution.</summary>
    public const string Release = $"DELETE FROM idempotency_keys WHERE {Held}";

    /// <summary>The key an execution holds or completed: @execution.</summary>
    public const string FindByExecution =
        $"SELECT {Columns} FROM idempotency_keys WHERE execution_id = @execution ORDER BY created_at DESC, key LIMIT 1";
}
