namespace McpGateway.Flows.Model;

public sealed partial class FlowService
{
    /// <summary>Creates a folder.</summary>
    public async Task<FlowResult<Folder>> CreateFolderAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return FlowResult.Fail<Folder>(FlowErrorCodes.Invalid, "A folder name is 1 to 100 characters.");
        }

        var folder = new Folder { Id = FlowIds.New("fld_"), Name = name, CreatedAt = _time.GetUtcNow() };
        return await _store.CreateFolderAsync(folder, cancellationToken)
            ? FlowResult.Success(folder)
            : FlowResult.Fail<Folder>(FlowErrorCodes.Conflict, $"A folder named '{name}' already exists.");
    }

    /// <summary>Renames a folder (id or name).</summary>
    public async Task<FlowResult<Folder>> RenameFolderAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var found = await _store.GetFolderAsync(folder, cancellationToken);
        if (found is null)
        {
            return FlowResult.Fail<Folder>(FlowErrorCodes.NotFound, $"No folder '{folder}'.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return FlowResult.Fail<Folder>(FlowErrorCodes.Invalid, "A folder name is 1 to 100 characters.");
        }

        return await _store.RenameFolderAsync(found.Id, name, cancellationToken)
            ? FlowResult.Success(found with { Name = name })
            : FlowResult.Fail<Folder>(FlowErrorCodes.Conflict, $"A folder named '{name}' already exists.");
    }

    /// <summary>A folder by id or name.</summary>
    public async Task<FlowResult<Folder>> GetFolderAsync(string folder, CancellationToken cancellationToken) =>
        await _store.GetFolderAsync(folder, cancellationToken) is { } found
            ? FlowResult.Success(found)
            : FlowResult.Fail<Folder>(FlowErrorCodes.NotFound, $"No folder '{folder}'.");

    /// <summary>Every folder.</summary>
    public async Task<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken cancellationToken) => await _store.ListFoldersAsync(cancellationToken);

    /// <summary>Deletes an empty folder; a non-empty one is a conflict naming how to empty it.</summary>
    public async Task<FlowResult<Folder>> DeleteFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var found = await _store.GetFolderAsync(folder, cancellationToken);
        if (found is null)
        {
            return FlowResult.Fail<Folder>(FlowErrorCodes.NotFound, $"No folder '{folder}'.");
        }

        var result = await _store.DeleteFolderAsync(found.Id, cancellationToken);
        if (result == FolderDeleteResult.NotEmpty)
        {
            // Name what is in the way, so the caller knows which flows to move.
            var inside = (await _store.ListFlowsAsync(found.Id, cancellationToken)).Select(f => f.Name).ToList();
            return FlowResult.Fail<Folder>(FlowErrorCodes.Conflict,
                $"Folder '{found.Name}' is not empty ({string.Join(", ", inside.Take(10))}{(inside.Count > 10 ? ", ..." : "")}); move its flows elsewhere (operation move) or delete them first.",
                inside);
        }

        return result == FolderDeleteResult.Deleted
            ? FlowResult.Success(found)
            : FlowResult.Fail<Folder>(FlowErrorCodes.NotFound, $"No folder '{folder}'.");
    }
}
