using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Fakes;

/// <summary>An in-memory flow store with the unique names and version numbering of the real ones.</summary>
internal sealed class InMemoryFlowStore : IFlowStore
{
    private readonly Lock _gate = new();
    private readonly List<FlowRecord> _flows = [];
    private readonly List<Folder> _folders = [];
    private readonly List<FlowVersion> _versions = [];

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> CreateFolderAsync(Folder folder, CancellationToken cancellationToken) => Locked(() =>
    {
        if (_folders.Any(f => f.Name == folder.Name))
        {
            return false;
        }

        _folders.Add(folder);
        return true;
    });

    public ValueTask<bool> RenameFolderAsync(string id, string name, CancellationToken cancellationToken) => Locked(() =>
    {
        var i = _folders.FindIndex(f => f.Id == id);
        if (i < 0 || _folders.Any(f => f.Name == name && f.Id != id))
        {
            return false;
        }

        _folders[i] = _folders[i] with { Name = name };
        return true;
    });

    public ValueTask<Folder?> GetFolderAsync(string idOrName, CancellationToken cancellationToken) =>
        Locked(() => _folders.FirstOrDefault(f => f.Id == idOrName || f.Name == idOrName));

    public ValueTask<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<Folder>>(() => [.. _folders.OrderBy(f => f.Name, StringComparer.Ordinal)]);

    public ValueTask<FolderDeleteResult> DeleteFolderAsync(string id, CancellationToken cancellationToken) => Locked(() =>
    {
        if (_folders.All(f => f.Id != id))
        {
            return FolderDeleteResult.NotFound;
        }

        if (_flows.Any(f => f.FolderId == id))
        {
            return FolderDeleteResult.NotEmpty;
        }

        _folders.RemoveAll(f => f.Id == id);
        return FolderDeleteResult.Deleted;
    });

    public ValueTask<bool> CreateFlowAsync(FlowRecord flow, CancellationToken cancellationToken) => Locked(() =>
    {
        if (_flows.Any(f => f.Name == flow.Name || (flow.ExternalId is not null && f.ExternalId == flow.ExternalId)))
        {
            return false;
        }

        _flows.Add(flow);
        return true;
    });

    public ValueTask<FlowRecord?> GetFlowAsync(string idOrName, CancellationToken cancellationToken) =>
        Locked(() => _flows.FirstOrDefault(f => f.Id == idOrName || f.Name == idOrName));

    public ValueTask<IReadOnlyList<FlowRecord>> ListFlowPageAsync(FlowQuery query, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<FlowRecord>>(() => [.. _flows
            .Where(f => (query.FolderId is null || f.FolderId == query.FolderId) && (query.Status is null || f.Status == query.Status)
                && (query.ExternalId is null || f.ExternalId == query.ExternalId) && (query.AfterName is null || string.CompareOrdinal(f.Name, query.AfterName) > 0))
            .OrderBy(f => f.Name, StringComparer.Ordinal).Take(query.Limit)]);

    public ValueTask<FlowRecord?> GetFlowByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        Locked(() => _flows.FirstOrDefault(f => f.ExternalId == externalId));

    public ValueTask<IReadOnlyList<FlowRecord>> ListFlowsAsync(string? folderId, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<FlowRecord>>(() => [.. _flows.Where(f => folderId is null || f.FolderId == folderId).OrderBy(f => f.Name, StringComparer.Ordinal)]);

    public ValueTask<bool> UpdateFlowAsync(FlowRecord flow, CancellationToken cancellationToken) => Locked(() =>
    {
        var i = _flows.FindIndex(f => f.Id == flow.Id);
        if (i < 0 || _flows.Any(f => f.Name == flow.Name && f.Id != flow.Id))
        {
            return false;
        }

        _flows[i] = flow;
        return true;
    });

    public ValueTask<bool> ReplaceWebhookSecretAsync(string id, string expected, string replacement, CancellationToken cancellationToken) => Locked(() =>
    {
        var i = _flows.FindIndex(f => f.Id == id && f.WebhookSecret == expected);
        if (i < 0)
        {
            return false;
        }

        _flows[i] = _flows[i] with { WebhookSecret = replacement };
        return true;
    });

    public ValueTask<bool> DeleteFlowAsync(string id, CancellationToken cancellationToken) => Locked(() =>
    {
        _versions.RemoveAll(v => v.FlowId == id);
        return _flows.RemoveAll(f => f.Id == id) > 0;
    });

    public ValueTask<FlowVersion> AddVersionAsync(FlowVersion version, CancellationToken cancellationToken) => Locked(() =>
    {
        var stored = version with { Number = _versions.Where(v => v.FlowId == version.FlowId).Select(v => v.Number).DefaultIfEmpty().Max() + 1 };
        _versions.Add(stored);
        return stored;
    });

    public ValueTask<(FlowVersion Version, bool Added)> AddVersionIfChangedAsync(FlowVersion version, CancellationToken cancellationToken) => Locked(() =>
    {
        var latest = _versions.Where(v => v.FlowId == version.FlowId).MaxBy(v => v.Number);
        if (latest is not null && latest.Hash == version.Hash)
        {
            return (latest, false);
        }

        var stored = version with { Number = (latest?.Number ?? 0) + 1 };
        _versions.Add(stored);
        return (stored, true);
    });

    public ValueTask<FlowVersion?> GetVersionAsync(string flowId, int number, CancellationToken cancellationToken) =>
        Locked(() => _versions.FirstOrDefault(v => v.FlowId == flowId && v.Number == number));

    public ValueTask<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken cancellationToken) =>
        Locked(() => _versions.Where(v => v.FlowId == flowId).MaxBy(v => v.Number));

    public ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<FlowVersion>>(() => [.. _versions.Where(v => v.FlowId == flowId).OrderByDescending(v => v.Number)]);

    public ValueTask<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, int? before, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<FlowVersion>>(() => [.. _versions.Where(v => v.FlowId == flowId && v.Number < (before ?? int.MaxValue)).OrderByDescending(v => v.Number).Take(limit)]);

    private ValueTask<T> Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(action());
        }
    }
}
