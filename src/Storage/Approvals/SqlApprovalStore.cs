using System.Data.Common;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Approvals;

/// <summary>
/// What the approval stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. Every transition is one update guarded by the status it leaves, and its
/// affected-row count says whether this caller made it.
/// </summary>
internal abstract class SqlApprovalStore(RelationalDatabase database) : IApprovalStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    /// <exception cref="ArgumentException">The record's status is not pending.</exception>
    /// <exception cref="InvalidOperationException">An approval with this id exists.</exception>
    public async ValueTask CreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(record.Status, ApprovalStatuses.Pending, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"A new approval must have status '{ApprovalStatuses.Pending}', not '{record.Status}'.", nameof(record));
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(ApprovalSql.Insert);
        command.AddText("@id", record.Id);
        command.AddText("@tool", record.Tool);
        command.AddText("@connector", record.Connector);
        command.AddText("@connector_scope", record.ConnectorScope);
        command.AddText("@arguments_json", record.ArgumentsJson);
        command.AddText("@agent", record.Agent);
        command.AddText("@key_id", record.KeyId);
        command.AddText("@context_json", record.ContextJson);
        command.AddText("@entity_json", record.EntityJson);
        command.AddText("@state_json", record.StateJson);
        command.AddText("@contract_json", record.ContractJson);
        command.AddText("@reason", record.Reason);
        command.AddText("@idempotency_key", record.IdempotencyKey);
        command.AddText("@execution_id", record.ExecutionId);
        command.AddText("@parent_approval_id", record.ParentApprovalId);
        database.AddTime(command, "@created_at", record.CreatedAt);
        database.AddTime(command, "@expires_at", record.ExpiresAt);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"An approval with id '{record.Id}' already exists.", ex);
        }
    }

    public async ValueTask<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var records = await QueryAsync(ApprovalSql.Get, command => command.AddText("@id", id), cancellationToken)
            .ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    public async ValueTask<ApprovalRecord?> FindPendingAsync(string tool, string? connectorScope, string argumentsJson, string? agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        var records = await QueryAsync(ApprovalSql.FindPending, command =>
        {
            command.AddText("@tool", tool);
            command.AddText("@connector_scope", connectorScope);
            command.AddText("@arguments_json", argumentsJson);
            command.AddText("@agent", agent);
        }, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and 1,000.</exception>
    public async ValueTask<IReadOnlyList<ApprovalRecord>> ListAsync(string? status, int limit, (DateTimeOffset CreatedAt, string Id)? before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ApprovalSql.MaxLimit);
        var sql = (status, before) switch
        {
            (null, null) => ApprovalSql.List,
            (null, _) => ApprovalSql.ListBefore,
            (_, null) => ApprovalSql.ListByStatus,
            _ => ApprovalSql.ListByStatusBefore,
        };
        return await QueryAsync(sql, command =>
        {
            if (status is not null)
            {
                command.AddText("@status", status);
            }

            if (before is { } b)
            {
                database.AddTime(command, "@before_at", b.CreatedAt);
                command.AddText("@before_id", b.Id);
            }

            command.AddInt32("@limit", limit);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> CountAsync(string status, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync(ApprovalSql.CountByStatus, command => command.AddText("@status", status), r => r.GetInt64(0), cancellationToken)
            .ConfigureAwait(false);
        return rows[0];
    }

    public async ValueTask<bool> TryClaimAsync(string id, string decidedBy, string instance, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(decidedBy);
        ArgumentNullException.ThrowIfNull(instance);
        return await ExecuteAsync(ApprovalSql.Claim, command =>
        {
            command.AddText("@id", id);
            command.AddText("@decided_by", decidedBy);
            command.AddText("@claimed_instance", instance);
            database.AddTime(command, "@decided_at", at);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> TryReopenAsync(string id, string decidedBy, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(decidedBy);
        return await ExecuteAsync(ApprovalSql.Reopen, command =>
        {
            command.AddText("@id", id);
            command.AddText("@decided_by", decidedBy);
            database.AddTime(command, "@decided_at", claimedAt);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <exception cref="ArgumentException"><paramref name="status"/> is not final.</exception>
    public async ValueTask<bool> FinishAsync(
        string id, string status, string? decisionJson, string? resultExecutionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ValidateFinal(status);
        return await ExecuteAsync(ApprovalSql.Finish, command =>
        {
            command.AddText("@id", id);
            command.AddText("@status", status);
            command.AddText("@decision_json", decisionJson);
            command.AddText("@result_execution_id", resultExecutionId);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <exception cref="ArgumentException"><paramref name="status"/> is not final.</exception>
    public async ValueTask<bool> TryDecideAsync(
        string id, string status, string decidedBy, DateTimeOffset at, string? decisionJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(decidedBy);
        ValidateFinal(status);
        return await ExecuteAsync(ApprovalSql.Decide, command =>
        {
            command.AddText("@id", id);
            command.AddText("@status", status);
            command.AddText("@decided_by", decidedBy);
            database.AddTime(command, "@decided_at", at);
            command.AddText("@decision_json", decisionJson);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static void ValidateFinal(string status)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        if (!ApprovalStatuses.IsFinal(status))
        {
            throw new ArgumentException($"'{status}' is not a final approval status.", nameof(status));
        }
    }

    private async ValueTask<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ApprovalRecord>> QueryAsync(
        string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ApprovalRows.ReadAllAsync(reader, database, cancellationToken).ConfigureAwait(false);
    }
}
