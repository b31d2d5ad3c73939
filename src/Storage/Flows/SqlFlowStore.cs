using System.Data;
using System.Data.Common;
using System.Globalization;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

/// <summary>
/// What the flow stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a backend
/// supplies only its schema. Names are unique by constraint, so a create or rename that loses a race says so instead
/// of checking first.
/// </summary>
internal abstract class SqlFlowStore(RelationalDatabase database) : IFlowStore, IAsyncDisposable
{
    // Each lost race on a version number means another add committed, so n concurrent adds need at most n tries each.
    private const int MaxVersionAttempts = 100;

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    /// <exception cref="InvalidOperationException">A folder with this id exists.</exception>
    public async ValueTask<bool> CreateFolderAsync(Folder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return await InsertAsync(FlowSql.InsertFolder, "folder", folder.Id, command =>
        {
            command.AddText("@id", folder.Id);
            command.AddText("@name", folder.Name);
            database.AddTime(command, "@created_at", folder.CreatedAt);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> RenameFolderAsync(string id, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        return await UpdateUniqueAsync(FlowSql.RenameFolder, command =>
        {
            command.AddText("@id", id);
            command.AddText("@name", name);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Folder?> GetFolderAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        var folders = await database.QueryAsync(FlowSql.GetFolder, command => command.AddText("@key", idOrName),
            ReadFolder, cancellationToken).ConfigureAwait(false);
        return folders.Count == 0 ? null : folders[0];
    }

    public ValueTask<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken cancellationToken) =>
        database.QueryAsync(FlowSql.ListFolders, static _ => { }, ReadFolder, cancellationToken);

    public async ValueTask<FolderDeleteResult> DeleteFolderAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var deleted = await database.ExecuteWriteAsync(FlowSql.DeleteFolder, command => command.AddText("@id", id),
            cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            return FolderDeleteResult.Deleted;
        }

        // Nothing deleted: the folder is missing or still holds a flow; telling which needs no lock.
        var found = await database.QueryAsync(FlowSql.FolderExists, command => command.AddText("@id", id),
            static _ => true, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? FolderDeleteResult.NotFound : FolderDeleteResult.NotEmpty;
    }

    /// <exception cref="InvalidOperationException">A flow with this id exists.</exception>
    public async ValueTask<bool> CreateFlowAsync(FlowRecord flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        try
        {
            return await database.ExecuteWriteAsync(FlowSql.InsertFlow, command =>
            {
                BindFlow(command, flow);
                database.AddTime(command, "@created_at", flow.CreatedAt);
            }, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            // A taken name does nothing; a violation is the id (a caller's bug) or the external id (taken: false).
            if (await GetFlowAsync(flow.Id, cancellationToken).ConfigureAwait(false) is { } same && same.Id == flow.Id)
            {
                throw new InvalidOperationException($"A flow with id '{flow.Id}' already exists.", ex);
            }

            return false;
        }
    }

    public async ValueTask<FlowRecord?> GetFlowAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        var flows = await database.QueryAsync(FlowSql.GetFlow, command => command.AddText("@key", idOrName),
            ReadFlow, cancellationToken).ConfigureAwait(false);
        return flows.Count == 0 ? null : flows[0];
    }

    public async ValueTask<FlowRecord?> GetFlowByExternalIdAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        var flows = await database.QueryAsync(FlowSql.GetFlowByExternalId, command => command.AddText("@external_id", externalId),
            ReadFlow, cancellationToken).ConfigureAwait(false);
        return flows.Count == 0 ? null : flows[0];
    }

    public ValueTask<IReadOnlyList<FlowRecord>> ListFlowsAsync(string? folderId, CancellationToken cancellationToken) =>
        folderId is null
            ? database.QueryAsync(FlowSql.ListFlows, static _ => { }, ReadFlow, cancellationToken)
            : database.QueryAsync(FlowSql.ListFlowsInFolder, command => command.AddText("@folder_id", folderId),
                ReadFlow, cancellationToken);

    public ValueTask<IReadOnlyList<FlowRecord>> ListFlowPageAsync(FlowQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.QueryAsync(FlowSql.ListFlowPage(query), command =>
        {
            // Only the terms the text has: a parameter the text does not name is an error on some drivers.
            foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("@folder_id", query.FolderId), ("@status", query.Status), ("@external_id", query.ExternalId), ("@after", query.AfterName)])
            {
                if (value is not null)
                {
                    command.AddText(name, value);
                }
            }

            command.AddInt32("@limit", query.Limit);
        }, ReadFlow, cancellationToken);
    }

    public async ValueTask<bool> UpdateFlowAsync(FlowRecord flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return await UpdateUniqueAsync(FlowSql.UpdateFlow, command => BindFlow(command, flow), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<bool> ReplaceWebhookSecretAsync(string id, string expected, string replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        return await database.ExecuteWriteAsync(FlowSql.ReplaceWebhookSecret, command =>
        {
            command.AddText("@id", id);
            command.AddText("@expected", expected);
            command.AddText("@replacement", replacement);
        }, cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> DeleteFlowAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var versions = connection.CreateCommand(FlowSql.DeleteVersions, transaction))
        {
            versions.AddText("@id", id);
            await versions.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int deleted;
        await using (var flow = connection.CreateCommand(FlowSql.DeleteFlow, transaction))
        {
            flow.AddText("@id", id);
            deleted = await flow.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <exception cref="InvalidOperationException">Concurrent adds kept taking every number this one tried.</exception>
    public async ValueTask<FlowVersion> AddVersionAsync(FlowVersion version, CancellationToken cancellationToken) =>
        (await InsertVersionAsync(FlowSql.InsertVersion, version, cancellationToken).ConfigureAwait(false))!;

    /// <exception cref="InvalidOperationException">Concurrent adds kept taking every number this one tried.</exception>
    public async ValueTask<(FlowVersion Version, bool Added)> AddVersionIfChangedAsync(FlowVersion version, CancellationToken cancellationToken)
    {
        if (await InsertVersionAsync(FlowSql.InsertVersionIfChanged, version, cancellationToken).ConfigureAwait(false) is { } added)
        {
            return (added, true);
        }

        var latest = await GetLatestVersionAsync(version.FlowId, cancellationToken).ConfigureAwait(false);
        return (latest ?? throw new InvalidOperationException($"Flow '{version.FlowId}' has no version although one was found."), false);
    }

    // The version as numbered, or null when the statement inserted nothing.
    private async ValueTask<FlowVersion?> InsertVersionAsync(string sql, FlowVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var definition = FlowJson.Write(version.Definition);
        var errors = FlowJson.WriteList(version.Errors);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var number = await database.ExecuteWriteScalarAsync(sql, command =>
                {
                    command.AddText("@flow_id", version.FlowId);
                    command.AddText("@definition", definition);
                    command.AddText("@notes", version.Notes);
                    command.AddText("@created_by", version.CreatedBy);
                    command.AddText("@author_key_id", version.AuthorKeyId);
                    command.AddBoolean("@valid", version.Valid);
                    command.AddText("@errors", errors);
                    command.AddText("@hash", version.Hash);
                    database.AddTime(command, "@created_at", version.CreatedAt);
                }, cancellationToken).ConfigureAwait(false);
                return number is null or DBNull ? null : version with { Number = Convert.ToInt32(number, CultureInfo.InvariantCulture) };
            }
            catch (DbException ex) when (database.IsUniqueViolation(ex))
            {
                if (attempt == MaxVersionAttempts)
                {
                    throw new InvalidOperationException(
                        $"Could not number a new version of flow '{version.FlowId}' after {attempt} attempts.", ex);
                }
            }
        }
    }

    public async ValueTask<FlowVersion?> GetVersionAsync(string flowId, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var versions = await database.QueryAsync(FlowSql.GetVersion, command =>
        {
            command.AddText("@flow_id", flowId);
            command.AddInt32("@number", number);
        }, ReadVersion, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public async ValueTask<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var versions = await database.QueryAsync(FlowSql.GetLatestVersion, command => command.AddText("@flow_id", flowId),
            ReadVersion, cancellationToken).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        return database.QueryAsync(FlowSql.ListVersions, command => command.AddText("@flow_id", flowId),
            ReadVersion, cancellationToken);
    }

    public ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, int? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        return database.QueryAsync(FlowSql.ListVersionsBefore, command =>
        {
            command.AddText("@flow_id", flowId);
            command.AddInt32("@before", before ?? int.MaxValue);
            command.AddInt32("@limit", limit);
        }, ReadVersion, cancellationToken);
    }

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    private void BindFlow(DbCommand command, FlowRecord flow)
    {
        command.AddText("@id", flow.Id);
        command.AddText("@name", flow.Name);
        command.AddText("@description", flow.Description);
        command.AddText("@folder_id", flow.FolderId);
        command.AddText("@status", flow.Status);
        command.AddText("@tags", FlowJson.WriteList(flow.Tags));
        command.Add("@published_version", DbType.Int32, flow.PublishedVersion);
        command.AddText("@webhook_secret", flow.WebhookSecret);
        command.AddText("@external_id", flow.ExternalId);
        database.AddTime(command, "@updated_at", flow.UpdatedAt);
    }

    // An insert that does nothing on a taken name (false); a taken id is a caller's bug and throws.
    private async ValueTask<bool> InsertAsync(
        string sql, string kind, string id, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        try
        {
            return await database.ExecuteWriteAsync(sql, bind, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"A {kind} with id '{id}' already exists.", ex);
        }
    }

    // An update that may take a unique name: false when the row is missing or the name is taken.
    private async ValueTask<bool> UpdateUniqueAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        try
        {
            return await database.ExecuteWriteAsync(sql, bind, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    private Folder ReadFolder(DbDataReader reader) => FlowRows.ReadFolder(reader, database);

    private FlowRecord ReadFlow(DbDataReader reader) => FlowRows.ReadFlow(reader, database);

    private FlowVersion ReadVersion(DbDataReader reader) => FlowRows.ReadVersion(reader, database);
}
