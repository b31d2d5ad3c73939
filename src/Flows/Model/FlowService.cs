using System.Text.Json.Nodes;

namespace McpGateway.Flows.Model;

/// <summary>
/// Authoring: flows, versions, folders and the operations on them (publish, enable, disable, move, rename, rollback).
/// Saving a version validates it; an invalid version is stored with its errors (a draft) but never runs or publishes.
/// </summary>
public sealed class FlowService
{
    /// <summary>Raised after a change that alters the set of flow tools (publish, enable, disable, rename, delete).</summary>
#pragma warning disable CS0067 // contract stub: implemented in the next commit
    public event Action? ToolsChanged;
#pragma warning restore CS0067

    /// <summary>Creates a flow (DISABLED) and, when the draft has a definition, its version 1.</summary>
    public Task<FlowResult<FlowRecord>> CreateFlowAsync(FlowDraft draft, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>A flow by id or name.</summary>
    public Task<FlowRecord?> GetFlowAsync(string idOrName, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Flows, by name; optionally one folder (id or name).</summary>
    public Task<FlowResult<IReadOnlyList<FlowRecord>>> ListFlowsAsync(string? folder, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Deletes a flow and its versions.</summary>
    public Task<FlowResult<FlowRecord>> DeleteFlowAsync(string idOrName, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Saves a definition as the flow's next version (validated; invalid versions are kept with their errors).</summary>
    public Task<FlowResult<FlowVersion>> SaveVersionAsync(string flow, JsonObject definition, string? notes, string? actor, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Every version, newest first.</summary>
    public Task<FlowResult<IReadOnlyList<FlowVersion>>> ListVersionsAsync(string flow, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>A version by number, <c>latest</c> or <c>published</c>.</summary>
    public Task<FlowResult<FlowVersion>> GetVersionAsync(string flow, string version, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Applies an operation (see <see cref="FlowOperation"/>).</summary>
    public Task<FlowResult<FlowRecord>> ApplyAsync(string flow, FlowOperation operation, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Creates a folder.</summary>
    public Task<FlowResult<Folder>> CreateFolderAsync(string name, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Renames a folder (id or name).</summary>
    public Task<FlowResult<Folder>> RenameFolderAsync(string folder, string name, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Every folder.</summary>
    public Task<IReadOnlyList<Folder>> ListFoldersAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Deletes an empty folder; a non-empty one is a conflict naming how to empty it.</summary>
    public Task<FlowResult<Folder>> DeleteFolderAsync(string folder, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The enabled flows with a published version, with that version: the <c>flow__{name}</c> tools.</summary>
    public Task<IReadOnlyList<(FlowRecord Flow, FlowVersion Version)>> ListToolFlowsAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
