using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Storage.Approvals;

/// <summary>The approval store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class ApprovalSql
{
    /// <summary>The columns every read returns, in the order <see cref="ApprovalRows"/> reads them.</summary>
    public const string Columns =
        "id, status, tool, connector, connector_scope, arguments_json, agent, key_id, context_json, entity_json, " +
        "state_json, contract_json, reason, idempotency_key, execution_id, parent_approval_id, created_at, expires_at, " +
        "decided_at, decided_by, decision_json, result_execution_id, claimed_instance";

    /// <summary>Inserts a pending approval; parameters are the columns' names after <c>@</c>.</summary>
    public const string Insert =
        "INSERT INTO approvals (id, status, tool, connector, connector_scope, arguments_json, agent, key_id, context_json, " +
        "entity_json, state_json, contract_json, reason, idempotency_key, execution_id, parent_approval_id, created_at, expires_at) " +
        $"VALUES (@id, '{ApprovalStatuses.Pending}', @tool, @connector, @connector_scope, @arguments_json, @agent, @key_id, " +
        "@context_json, @entity_json, @state_json, @contract_json, @reason, @idempotency_key, @execution_id, " +
        "@parent_approval_id, @created_at, @expires_at)";

    /// <summary>One approval: @id.</summary>
    public const string Get = $"SELECT {Columns} FROM approvals WHERE id = @id";

    /// <summary>Every status, newest first: @limit.</summary>
    public const string List = $"SELECT {Columns} FROM approvals ORDER BY created_at DESC, id DESC LIMIT @limit";

    /// <summary>Every status, newest first, after a keyset cursor: @before_at, @before_id, @limit.</summary>
    public const string ListBefore = $"SELECT {Columns} FROM approvals WHERE {BeforeTerm} ORDER BY created_at DESC, id DESC LIMIT @limit";

    /// <summary>One status, newest first, after a keyset cursor: @status, @before_at, @before_id, @limit.</summary>
    public const string ListByStatusBefore =
        $"SELECT {Columns} FROM approvals WHERE status = @status AND {BeforeTerm} ORDER BY created_at DESC, id DESC LIMIT @limit";

    // The first term repeats what the second implies so the index is sought to the cursor, not scanned from the top.
    private const string BeforeTerm = "created_at <= @before_at AND (created_at < @before_at OR id < @before_id)";

    /// <summary>One status, newest first: @status, @limit.</summary>
    public const string ListByStatus =
        $"SELECT {Columns} FROM approvals WHERE status = @status ORDER BY created_at DESC, id DESC LIMIT @limit";

    /// <summary>How many approvals are in @status.</summary>
    /// <summary>The oldest pending approval of an identical call without an idempotency key.</summary>
    public const string FindPending =
        $"SELECT {Columns} FROM approvals WHERE status = '{ApprovalStatuses.Pending}' AND tool = @tool " +
        "AND connector_scope IS NOT DISTINCT FROM @connector_scope AND agent IS NOT DISTINCT FROM @agent " +
        "AND arguments_json = @arguments_json AND idempotency_key IS NULL ORDER BY created_at, id LIMIT 1";

    public const string CountByStatus = "SELECT COUNT(*) FROM approvals WHERE status = @status";

    /// <summary>
    /// Claims a pending approval @id for @decided_by at @decided_at, carried out by gateway process @claimed_instance;
    /// the status guard lets one claimer win.
    /// </summary>
    public const string Claim =
        $"UPDATE approvals SET status = '{ApprovalStatuses.Deciding}', decided_by = @decided_by, decided_at = @decided_at, " +
        "claimed_instance = @claimed_instance " +
        $"WHERE id = @id AND status = '{ApprovalStatuses.Pending}'";

    /// <summary>Sets the final @status of an approval @id in deciding: @decision_json, @result_execution_id.</summary>
    public const string Finish =
        "UPDATE approvals SET status = @status, decision_json = @decision_json, result_execution_id = @result_execution_id " +
        $"WHERE id = @id AND status = '{ApprovalStatuses.Deciding}'";

    /// <summary>Returns the claim @decided_by took on approval @id at @decided_at to pending (nothing ran under it).</summary>
    public const string Reopen =
        $"UPDATE approvals SET status = '{ApprovalStatuses.Pending}', decided_by = NULL, decided_at = NULL, claimed_instance = NULL " +
        $"WHERE id = @id AND status = '{ApprovalStatuses.Deciding}' AND decided_by = @decided_by AND decided_at = @decided_at";

    /// <summary>Decides a pending approval @id in one step: @status, @decided_by, @decided_at, @decision_json.</summary>
    public const string Decide =
        "UPDATE approvals SET status = @status, decided_by = @decided_by, decided_at = @decided_at, decision_json = @decision_json " +
        $"WHERE id = @id AND status = '{ApprovalStatuses.Pending}'";

    /// <summary>The largest list limit.</summary>
    public const int MaxLimit = 1000;
}
