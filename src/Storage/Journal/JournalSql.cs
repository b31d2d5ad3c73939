using System.Data.Common;
using System.Text;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>The journal's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class JournalSql
{
    /// <summary>The columns every read returns, in the order <see cref="JournalRows"/> reads them.</summary>
    public const string Columns =
        "execution_id, instance_id, session_id, agent, connector, tool, arguments_json, started_at, ended_at, status, error, trace_json, " +
        "settlement_json, output_json";

    /// <summary>Inserts an open record: @id, @instance, @session, @agent, @connector, @tool, @arguments, @started.</summary>
    public const string Insert =
        "INSERT INTO executions (execution_id, instance_id, session_id, agent, connector, tool, arguments_json, started_at, status) " +
        $"VALUES (@id, @instance, @session, @agent, @connector, @tool, @arguments, @started, '{ExecutionRecord.OpenStatus}')";

    /// <summary>
    /// Closes a record that is still open: @id, @connector, @ended, @status, @error, @trace, @output. The status guard makes a
    /// second close (or a close of an unknown id) touch no row, so a closed record is never overwritten.
    /// </summary>
    public const string Close = $"UPDATE executions SET {CloseColumns} {CloseWhere}";

    /// <summary>What <see cref="Close"/> sets (a store's close that sets more starts from it).</summary>
    public const string CloseColumns =
        "connector = COALESCE(@connector, connector), ended_at = @ended, status = @status, error = @error, trace_json = @trace, output_json = @output";

    /// <summary>Which record <see cref="Close"/> closes: @id, while it is still open.</summary>
    public const string CloseWhere = $"WHERE execution_id = @id AND status = '{ExecutionRecord.OpenStatus}'";

    /// <summary>Adds @settlement to the ended record @id that has none yet: write-once, like the close.</summary>
    public const string Settle =
        "UPDATE executions SET settlement_json = @settlement " +
        $"WHERE execution_id = @id AND status <> '{ExecutionRecord.OpenStatus}' AND settlement_json IS NULL";

    /// <summary>
    /// Opens again, for @instance, the record @id that ended waiting for its caller's input (a Multi Round-Trip Request's
    /// next round): the status guard lets exactly one request reopen it.
    /// </summary>
    public const string Reopen =
        $"UPDATE executions SET status = '{ExecutionRecord.OpenStatus}', instance_id = @instance, ended_at = NULL, error = NULL " +
        "WHERE execution_id = @id AND status = 'input_required'";

    /// <summary>
    /// Opens again, for @instance, the record @id of a call frozen for approval, which its thaw continues: whatever the
    /// record ended as (pending approval, or unknown when an earlier thaw's process died before the key was taken), but
    /// never while it is open. The approval's claim lets one thaw run, and the key's transfer guards the effect.
    /// </summary>
    public const string ReopenFrozen =
        $"UPDATE executions SET status = '{ExecutionRecord.OpenStatus}', instance_id = @instance, ended_at = NULL, error = NULL " +
        $"WHERE execution_id = @id AND status <> '{ExecutionRecord.OpenStatus}'";

    /// <summary>One record by id: @id.</summary>
    public const string Get = $"SELECT {Columns} FROM executions WHERE execution_id = @id";

    /// <summary>The open records of one instance, oldest first: @instance.</summary>
    public const string ListOpen =
        $"SELECT {Columns} FROM executions WHERE instance_id = @instance AND status = '{ExecutionRecord.OpenStatus}' " +
        "ORDER BY started_at, execution_id";

    /// <summary>The instances that still have open records (the partial index on open records answers it).</summary>
    public const string ListOpenInstances =
        $"SELECT DISTINCT instance_id FROM executions WHERE status = '{ExecutionRecord.OpenStatus}'";

    /// <summary>The largest <see cref="JournalQuery.Limit"/>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Sets the text and parameters of a filtered, newest-first list.</summary>
    /// <param name="command">The command to fill.</param>
    /// <param name="query">The filters.</param>
    /// <param name="toDbTime">How this store writes a timestamp.</param>
    public static void PrepareList(DbCommand command, JournalQuery query, Func<DateTimeOffset, object> toDbTime)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit, nameof(query));

        var sql = new StringBuilder($"SELECT {Columns} FROM executions WHERE 1 = 1");
        AddFilter(command, sql, "tool = @tool", "@tool", query.Tool);
        AddFilter(command, sql, "agent = @agent", "@agent", query.Agent);
        AddFilter(command, sql, "status = @status", "@status", query.Status);
        AddFilter(command, sql, "started_at >= @since", "@since", query.Since is { } since ? toDbTime(since) : null);
        AddFilter(command, sql, "started_at < @until", "@until", query.Until is { } until ? toDbTime(until) : null);
        if (query.Before is { } before)
        {
            // The first term repeats what the second implies so the index is sought to the cursor, not scanned from the top.
            sql.Append(" AND started_at <= @before_at AND (started_at < @before_at OR execution_id < @before_id)");
            AddParameter(command, "@before_at", toDbTime(before.StartedAt));
            AddParameter(command, "@before_id", before.Id);
        }

        sql.Append(" ORDER BY started_at DESC, execution_id DESC LIMIT @limit");
        AddParameter(command, "@limit", query.Limit);
        command.CommandText = sql.ToString();
    }

    private static void AddFilter(DbCommand command, StringBuilder sql, string condition, string name, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(condition);
            AddParameter(command, name, value);
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
