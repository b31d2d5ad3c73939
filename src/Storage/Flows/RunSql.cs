using System.Text;
using McpGateway.Flows.Model;

namespace McpGateway.Storage.Flows;

/// <summary>The run store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class RunSql
{
    /// <summary>The statuses a run never leaves, as an SQL list.</summary>
    public const string Terminal =
        $"('{RunStatuses.Succeeded}', '{RunStatuses.Failed}', '{RunStatuses.Timeout}', '{RunStatuses.Canceled}')";

    /// <summary>The statuses an engine works on, as an SQL list.</summary>
    public const string Active = $"('{RunStatuses.Pending}', '{RunStatuses.Running}', '{RunStatuses.Paused}')";

    /// <summary>A run's columns, in the order <see cref="RunRows.ReadRun"/> reads them.</summary>
    public const string Columns =
        "id, flow_id, flow_name, version, environment, origin, status, inputs, outputs, error, created_at, started_at, " +
        "finished_at, parent_run_id, parent_step, tags, dedup_key, timeout_at, wake_at, cancel_requested, key_id, agent, " +
        "pause_reason, from_run_id, from_step, to_step";

    /// <summary>
    /// Inserts a run; with a (flow, dedup key) already taken it does nothing (0 rows), and a taken id is a unique
    /// violation. Parameters are the columns' names after <c>@</c>.
    /// </summary>
    public const string Insert =
        $"INSERT INTO flow_runs ({Columns}) VALUES (@id, @flow_id, @flow_name, @version, @environment, @origin, @status, " +
        "@inputs, @outputs, @error, @created_at, @started_at, @finished_at, @parent_run_id, @parent_step, @tags, " +
        "@dedup_key, @timeout_at, @wake_at, @cancel_requested, @key_id, @agent, @pause_reason, @from_run_id, @from_step, @to_step) " +
        "ON CONFLICT (flow_id, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING";

    /// <summary>One run: @id.</summary>
    public const string Get = $"SELECT {Columns} FROM flow_runs WHERE id = @id";

    /// <summary>The run holding dedup key @dedup_key of flow @flow_id.</summary>
    public const string GetByDedupKey = $"SELECT {Columns} FROM flow_runs WHERE flow_id = @flow_id AND dedup_key = @dedup_key";

    /// <summary>Saves run @id's mutable fields unless it is terminal; parameters are the columns' names after <c>@</c>.</summary>
    public const string Update =
        "UPDATE flow_runs SET status = @status, outputs = @outputs, error = @error, started_at = @started_at, " +
        "finished_at = @finished_at, timeout_at = @timeout_at, wake_at = @wake_at " +
        $"WHERE id = @id AND status NOT IN {Terminal}";

    /// <summary><see cref="Update"/>, but only while @owner holds the run's lease (the engine's own writes).</summary>
    public const string UpdateOwned = Update + " AND lease_owner = @owner";

    /// <summary>Sets @wake_at on run @id only while it is PAUSED (a child waking its parent; no other field changes).</summary>
    public const string Wake = $"UPDATE flow_runs SET wake_at = @wake_at WHERE id = @id AND status = '{RunStatuses.Paused}'";

    /// <summary>
    /// Moves run @id from FAILED, TIMEOUT or CANCELED back to PENDING for a retry from its failed nodes, clearing what
    /// the end set (error, outputs, finished, wake, cancel request, lease) and setting @timeout_at and who retried it
    /// (@key_id, @agent).
    /// </summary>
    public const string Reopen =
        $"UPDATE flow_runs SET status = '{RunStatuses.Pending}', error = NULL, outputs = NULL, finished_at = NULL, " +
        "wake_at = NULL, cancel_requested = FALSE, pause_reason = NULL, lease_owner = NULL, lease_until = NULL, timeout_at = @timeout_at, " +
        "key_id = @key_id, agent = @agent " +
        $"WHERE id = @id AND status IN ('{RunStatuses.Failed}', '{RunStatuses.Timeout}', '{RunStatuses.Canceled}')";

    /// <summary>Marks run @id for cancellation unless it is terminal.</summary>
    public const string RequestCancel =
        $"UPDATE flow_runs SET cancel_requested = TRUE WHERE id = @id AND status NOT IN {Terminal}";

    /// <summary>
    /// Asks run @id to pause with @reason: only an active run not already pausing or being cancelled, so a second
    /// pause, or a pause of an ended run, changes nothing.
    /// </summary>
    public const string RequestPause =
        $"UPDATE flow_runs SET pause_reason = @reason WHERE id = @id AND status IN {Active} " +
        "AND pause_reason IS NULL AND NOT cancel_requested";

    /// <summary>
    /// Resumes run @id: clears its pause and, when it is PAUSED, wakes it at @now so the next poll (on any replica) picks
    /// it up. Only a pausing active run.
    /// </summary>
    public const string Resume =
        $"UPDATE flow_runs SET pause_reason = NULL, wake_at = CASE WHEN status = '{RunStatuses.Paused}' THEN @now ELSE wake_at END " +
        $"WHERE id = @id AND status IN {Active} AND pause_reason IS NOT NULL";

    /// <summary>Run counts per status, all time and since @since.</summary>
    public const string CountByStatus =
        "SELECT status, COUNT(*), COALESCE(SUM(CASE WHEN created_at >= @since THEN 1 ELSE 0 END), 0) " +
        "FROM flow_runs GROUP BY status";

    /// <summary>The newest @limit runs.</summary>
    public const string Recent = $"SELECT {Columns} FROM flow_runs ORDER BY created_at DESC, id DESC LIMIT @limit";

    /// <summary>The largest page of a list.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// One page of runs, newest first: a filter term per set field of <paramref name="query"/> (parameters named after
    /// the fields; <paramref name="tagMatch"/> is the backend's test of @tag against the JSON array in <c>tags</c>), the keyset term when <paramref name="afterCursor"/> (@cursor_at, @cursor_id), and @limit.
    /// </summary>
    public static string List(RunQuery query, bool afterCursor, string tagMatch)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM flow_runs WHERE 1 = 1");
        if (query.FlowId is not null)
        {
            sql.Append(" AND flow_id = @flow_id");
        }

        if (query.Status is not null)
        {
            sql.Append(" AND status = @status");
        }

        if (query.Origin is not null)
        {
            sql.Append(" AND origin = @origin");
        }

        if (query.Environment is not null)
        {
            sql.Append(" AND environment = @environment");
        }

        if (query.From is not null)
        {
            sql.Append(" AND created_at >= @from");
        }

        if (query.To is not null)
        {
            sql.Append(" AND created_at < @to");
        }

        if (query.ParentRunId is not null)
        {
            sql.Append(" AND parent_run_id = @parent_run_id");
        }

        if (query.Tag is not null)
        {
            sql.Append(" AND ").Append(tagMatch);
        }

        if (afterCursor)
        {
            // The first term repeats what the second implies so both backends seek the index to the cursor instead
            // of scanning and filtering every newer row first.
            sql.Append(" AND created_at <= @cursor_at AND (created_at < @cursor_at OR id < @cursor_id)");
        }

        return sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit").ToString();
    }
}
