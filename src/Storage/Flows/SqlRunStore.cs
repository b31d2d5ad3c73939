using System.Data.Common;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

/// <summary>
/// What the run stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a backend
/// supplies only its schema. Every transition is one conditional statement whose affected-row count is the answer:
/// a terminal run is never changed, a dedup key starts one run, a lease has one holder.
/// </summary>
/// <param name="database">The backend's database.</param>
/// <param name="tagMatch">The backend's SQL test that the JSON array in <c>tags</c> holds <c>@tag</c>.</param>
internal abstract partial class SqlRunStore(RelationalDatabase database, string tagMatch) : IRunStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    /// <exception cref="InvalidOperationException">A run with this id exists.</exception>
    public async ValueTask<(FlowRun Run, bool Created)> CreateRunAsync(FlowRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        int inserted;
        try
        {
            inserted = await database.ExecuteWriteAsync(RunSql.Insert, command => BindNew(command, run), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"A run with id '{run.Id}' already exists.", ex);
        }

        if (inserted > 0)
        {
            return (run, true);
        }

        // The dedup key was taken by a committed run (the insert waited for it), so it is there to read.
        var existing = await QueryRunsAsync(RunSql.GetByDedupKey, command =>
        {
            command.AddText("@flow_id", run.FlowId);
            command.AddText("@dedup_key", run.DedupKey);
        }, cancellationToken).ConfigureAwait(false);
        return existing.Count > 0
            ? (existing[0], false)
            : throw new InvalidOperationException(
                $"Run '{run.Id}' was not created and no run holds dedup key '{run.DedupKey}' of flow '{run.FlowId}'.");
    }

    public async ValueTask<FlowRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var runs = await QueryRunsAsync(RunSql.Get, command => command.AddText("@id", id), cancellationToken)
            .ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public async ValueTask<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        RunCursor? cursor = query.Cursor is null ? null : RunCursor.Decode(query.Cursor);
        var limit = Math.Clamp(query.Limit, 1, RunSql.MaxLimit);

        // One row more than the page tells whether another page follows without a count.
        var runs = await QueryRunsAsync(RunSql.List(query, cursor is not null, tagMatch), command =>
        {
            BindFilters(command, query);
            if (cursor is { } after)
            {
                database.AddTime(command, "@cursor_at", after.CreatedAt);
                command.AddText("@cursor_id", after.Id);
            }

            command.AddInt32("@limit", limit + 1);
        }, cancellationToken).ConfigureAwait(false);
        if (runs.Count <= limit)
        {
            return new RunPage(runs, null);
        }

        var page = runs.Take(limit).ToArray();
        return new RunPage(page, new RunCursor(page[^1].CreatedAt, page[^1].Id).Encode());
    }

    public ValueTask<bool> UpdateRunAsync(FlowRun run, CancellationToken cancellationToken) =>
        UpdateAsync(RunSql.Update, run, null, cancellationToken);

    public ValueTask<bool> UpdateOwnedRunAsync(FlowRun run, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return UpdateAsync(RunSql.UpdateOwned, run, owner, cancellationToken);
    }

    public async ValueTask<bool> WakeRunAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await database.ExecuteWriteAsync(RunSql.Wake, command =>
        {
            command.AddText("@id", id);
            database.AddTime(command, "@wake_at", at);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    private async ValueTask<bool> UpdateAsync(string sql, FlowRun run, string? owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return await database.ExecuteWriteAsync(sql, command =>
        {
            if (owner is not null)
            {
                command.AddText("@owner", owner);
            }

            command.AddText("@id", run.Id);
            command.AddText("@status", run.Status);
            command.AddText("@outputs", FlowJson.Write(run.Outputs));
            command.AddText("@error", run.Error);
            database.AddTime(command, "@started_at", run.StartedAt);
            database.AddTime(command, "@finished_at", run.FinishedAt);
            database.AddTime(command, "@timeout_at", run.TimeoutAt);
            database.AddTime(command, "@wake_at", run.WakeAt);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> ReopenRunAsync(string id, DateTimeOffset? timeoutAt, string? keyId, string? agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await database.ExecuteWriteAsync(RunSql.Reopen, command =>
        {
            command.AddText("@id", id);
            database.AddTime(command, "@timeout_at", timeoutAt);
            command.AddText("@key_id", keyId);
            command.AddText("@agent", agent);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> RequestCancelAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await database.ExecuteWriteAsync(RunSql.RequestCancel, command => command.AddText("@id", id),
            cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> RequestPauseAsync(string id, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return await database.ExecuteWriteAsync(RunSql.RequestPause, command =>
        {
            command.AddText("@id", id);
            command.AddText("@reason", reason);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> ResumeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await database.ExecuteWriteAsync(RunSql.Resume, command =>
        {
            command.AddText("@id", id);
            database.AddTime(command, "@now", now);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<RunStats> GetStatsAsync(DateTimeOffset now, int recent, CancellationToken cancellationToken)
    {
        var counts = await database.QueryAsync(RunSql.CountByStatus, command =>
            database.AddTime(command, "@since", now.AddHours(-24)),
            static reader => (Status: reader.GetString(0), Total: reader.GetInt64(1), Recent: reader.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);
        var byStatus = RunStatuses.All.ToDictionary(status => status, _ => 0L, StringComparer.Ordinal);
        foreach (var count in counts)
        {
            byStatus[count.Status] = count.Total;
        }

        var newest = recent <= 0
            ? []
            : await QueryRunsAsync(RunSql.Recent, command => command.AddInt32("@limit", Math.Min(recent, RunSql.MaxLimit)),
                cancellationToken).ConfigureAwait(false);
        return new RunStats
        {
            TotalRuns = counts.Sum(count => count.Total),
            RunsLast24h = counts.Sum(count => count.Recent),
            ActiveRuns = byStatus[RunStatuses.Pending] + byStatus[RunStatuses.Running] + byStatus[RunStatuses.Paused],
            FailedRunsLast24h = counts
                .Where(count => count.Status is RunStatuses.Failed or RunStatuses.Timeout)
                .Sum(count => count.Recent),
            RunsByStatus = byStatus,
            RecentRuns = newest,
        };
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private void BindNew(DbCommand command, FlowRun run)
    {
        command.AddText("@id", run.Id);
        command.AddText("@flow_id", run.FlowId);
        command.AddText("@flow_name", run.FlowName);
        command.AddInt32("@version", run.Version);
        command.AddText("@environment", run.Environment);
        command.AddText("@origin", run.Origin);
        command.AddText("@status", run.Status);
        command.AddText("@inputs", FlowJson.Write(run.Inputs));
        command.AddText("@outputs", FlowJson.Write(run.Outputs));
        command.AddText("@error", run.Error);
        database.AddTime(command, "@created_at", run.CreatedAt);
        database.AddTime(command, "@started_at", run.StartedAt);
        database.AddTime(command, "@finished_at", run.FinishedAt);
        command.AddText("@parent_run_id", run.ParentRunId);
        command.AddText("@parent_step", run.ParentStep);
        command.AddText("@tags", FlowJson.WriteList(run.Tags));
        command.AddText("@dedup_key", run.DedupKey);
        database.AddTime(command, "@timeout_at", run.TimeoutAt);
        database.AddTime(command, "@wake_at", run.WakeAt);
        command.AddBoolean("@cancel_requested", run.CancelRequested);
        command.AddText("@key_id", run.KeyId);
        command.AddText("@agent", run.Agent);
        command.AddText("@pause_reason", run.PauseReason);
        command.AddText("@from_run_id", run.FromRunId);
        command.AddText("@from_step", run.FromStep);
        command.AddText("@to_step", run.ToStep);
    }

    private void BindFilters(DbCommand command, RunQuery query)
    {
        if (query.FlowId is not null)
        {
            command.AddText("@flow_id", query.FlowId);
        }

        if (query.Status is not null)
        {
            command.AddText("@status", query.Status);
        }

        if (query.Origin is not null)
        {
            command.AddText("@origin", query.Origin);
        }

        if (query.Environment is not null)
        {
            command.AddText("@environment", query.Environment);
        }

        if (query.From is { } from)
        {
            database.AddTime(command, "@from", from);
        }

        if (query.To is { } to)
        {
            database.AddTime(command, "@to", to);
        }

        if (query.ParentRunId is not null)
        {
            command.AddText("@parent_run_id", query.ParentRunId);
        }

        if (query.Tag is not null)
        {
            command.AddText("@tag", query.Tag);
        }
    }

    private ValueTask<IReadOnlyList<FlowRun>> QueryRunsAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, bind, reader => RunRows.ReadRun(reader, database), cancellationToken);
}
