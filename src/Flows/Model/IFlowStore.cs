namespace McpGateway.Flows.Model;

/// <summary>
/// Flows, their immutable versions and folders. Implemented in McpGateway.Storage for SQLite and PostgreSQL; every
/// operation is safe to call concurrently, also from several replicas sharing one PostgreSQL database.
/// </summary>
public interface IFlowStore
{
    /// <summary>Creates or migrates the tables; idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Creates a folder; false when the name is taken.</summary>
    ValueTask<bool> CreateFolderAsync(Folder folder, CancellationToken cancellationToken);

    /// <summary>Renames a folder; false when it does not exist or the name is taken.</summary>
    ValueTask<bool> RenameFolderAsync(string id, string name, CancellationToken cancellationToken);

    /// <summary>A folder by id or name.</summary>
    ValueTask<Folder?> GetFolderAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Every folder, by name.</summary>
    ValueTask<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken cancellationToken);

    /// <summary>Deletes an empty folder; one statement, so a flow moved in meanwhile keeps it from being deleted.</summary>
    ValueTask<FolderDeleteResult> DeleteFolderAsync(string id, CancellationToken cancellationToken);

    /// <summary>Creates a flow; false when the name is taken.</summary>
    ValueTask<bool> CreateFlowAsync(FlowRecord flow, CancellationToken cancellationToken);

    /// <summary>A flow by id or name.</summary>
    ValueTask<FlowRecord?> GetFlowAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>The flow whose external id is <paramref name="externalId"/>, or null.</summary>
    ValueTask<FlowRecord?> GetFlowByExternalIdAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>Flows, by name; optionally only those in one folder id.</summary>
    ValueTask<IReadOnlyList<FlowRecord>> ListFlowsAsync(string? folderId, CancellationToken cancellationToken);

    /// <summary>One page of flows by name (a keyset page: names after <see cref="FlowQuery.AfterName"/>).</summary>
    ValueTask<IReadOnlyList<FlowRecord>> ListFlowPageAsync(FlowQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a flow's mutable fields (name, description, folder, status, tags, published version, webhook secret,
    /// updated). False when it does not exist or the new name is taken.
    /// </summary>
    ValueTask<bool> UpdateFlowAsync(FlowRecord flow, CancellationToken cancellationToken);

    /// <summary>
    /// Sets flow <paramref name="id"/>'s webhook secret to <paramref name="replacement"/> only while it is still
    /// <paramref name="expected"/> (one conditional update, so a secret set meanwhile is kept); false otherwise.
    /// </summary>
    ValueTask<bool> ReplaceWebhookSecretAsync(string id, string expected, string replacement, CancellationToken cancellationToken);

    /// <summary>Deletes a flow and its versions (its runs stay, for history); false when it does not exist.</summary>
    ValueTask<bool> DeleteFlowAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds a version with the next number (1 for the first); concurrent adds get distinct numbers.</summary>
    ValueTask<FlowVersion> AddVersionAsync(FlowVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a version as <see cref="AddVersionAsync"/> does, unless the highest version has the same hash: then returns
    /// that one (Added false). Race-free across processes, so replicas importing one file at once add it once.
    /// </summary>
    ValueTask<(FlowVersion Version, bool Added)> AddVersionIfChangedAsync(FlowVersion version, CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    ValueTask<FlowVersion?> GetVersionAsync(string flowId, int number, CancellationToken cancellationToken);

    /// <summary>The highest-numbered version, or null when the flow has none.</summary>
    ValueTask<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken cancellationToken);

    /// <summary>Every version of a flow, newest first.</summary>
    ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, CancellationToken cancellationToken);

    /// <summary>One page of a flow's versions, newest first: numbers below <paramref name="before"/> (null: from the newest).</summary>
    ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, int? before, int limit, CancellationToken cancellationToken);
}
