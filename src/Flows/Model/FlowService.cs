using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Model;

/// <summary>
/// Authoring: flows, versions, folders and the operations on them (publish, enable, disable, move, rename, rollback).
/// Saving a version validates it; an invalid version is stored with its errors (a draft) but never runs or publishes.
/// </summary>
public sealed partial class FlowService
{
    private readonly IFlowStore _store;
    private readonly TimeProvider _time;
    private readonly WebhookSecrets _webhookSecrets;

    /// <summary>Creates the service over a flow store, validating versions within the default limits; webhook secrets are sealed with <paramref name="webhookSecrets"/>.</summary>
    public FlowService(IFlowStore store, TimeProvider time, WebhookSecrets webhookSecrets)
        : this(store, time, webhookSecrets, FlowLimits.Default)
    {
    }

    /// <summary>Creates the service over a flow store, validating versions within <paramref name="limits"/>.</summary>
    public FlowService(IFlowStore store, TimeProvider time, WebhookSecrets webhookSecrets, FlowLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _store = store;
        _time = time;
        Limits = limits;
        _webhookSecrets = webhookSecrets;
    }

    /// <summary>The limits versions are validated within (steps per flow, run duration).</summary>
    public FlowLimits Limits { get; }

    /// <summary>Raised after a change that alters the set of flow tools (publish, enable, disable, rename, delete).</summary>
    public event Action? ToolsChanged;

    /// <summary>Creates a flow (DISABLED) and, when the draft has a definition, its version 1.</summary>
    public async Task<FlowResult<FlowRecord>> CreateFlowAsync(FlowDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (NameError(draft.Name) is { } bad)
        {
            return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, bad);
        }

        if (ExternalIdError(draft.ExternalId) is { } badExternal)
        {
            return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, badExternal);
        }

        string? folderId = null;
        if (draft.Folder is { } folderName)
        {
            var folder = await _store.GetFolderAsync(folderName, cancellationToken) ?? (await CreateFolderAsync(folderName, cancellationToken)).Value;
            if (folder is null)
            {
                return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, $"Folder '{folderName}' could not be created.");
            }

            folderId = folder.Id;
        }

        var now = _time.GetUtcNow();
        var flow = new FlowRecord
        {
            Id = FlowIds.New("flw_"),
            Name = draft.Name,
            ExternalId = draft.ExternalId,
            Description = draft.Description,
            FolderId = folderId,
            Tags = draft.Tags,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await _store.CreateFlowAsync(flow, cancellationToken))
        {
            // Either unique key stopped it; say which, so the caller knows what to change.
            return draft.ExternalId is { } external && await _store.GetFlowByExternalIdAsync(external, cancellationToken) is { } holder
                ? FlowResult.Fail<FlowRecord>(FlowErrorCodes.Conflict, $"Flow '{holder.Name}' already has external_id '{external}'.")
                : FlowResult.Fail<FlowRecord>(FlowErrorCodes.Conflict, $"A flow named '{draft.Name}' already exists.");
        }

        if (draft.Definition is { } definition)
        {
            await AddVersionAsync(flow, definition, draft.Notes, draft.Actor, cancellationToken);
        }

        return FlowResult.Success(flow);
    }

    /// <summary>A flow by id or name.</summary>
    public async Task<FlowRecord?> GetFlowAsync(string idOrName, CancellationToken cancellationToken) =>
        await _store.GetFlowAsync(idOrName, cancellationToken);

    /// <summary>The flow with external id <paramref name="externalId"/>, or null.</summary>
    public async Task<FlowRecord?> GetFlowByExternalIdAsync(string externalId, CancellationToken cancellationToken) =>
        await _store.GetFlowByExternalIdAsync(externalId, cancellationToken);

    /// <summary>Gives <paramref name="flow"/> the external id <paramref name="externalId"/>; a conflict when another flow has it.</summary>
    public async Task<FlowResult<FlowRecord>> SetExternalIdAsync(FlowRecord flow, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (ExternalIdError(externalId) is { } bad)
        {
            return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, bad);
        }

        var updated = flow with { ExternalId = externalId, UpdatedAt = _time.GetUtcNow() };
        return await _store.UpdateFlowAsync(updated, cancellationToken)
            ? FlowResult.Success(updated)
            : FlowResult.Fail<FlowRecord>(FlowErrorCodes.Conflict, $"Another flow already has external_id '{externalId}'.");
    }

    /// <summary>Why <paramref name="externalId"/> cannot be a flow's external id, or null when it can (null is no id).</summary>
    public static string? ExternalIdError(string? externalId) =>
        externalId is null || (externalId.Length is > 0 and <= 200 && !externalId.Any(char.IsControl))
            ? null
            : "'external_id' is 1 to 200 characters without control characters.";

    /// <summary>Flows, by name; optionally one folder (id or name).</summary>
    public async Task<FlowResult<IReadOnlyList<FlowRecord>>> ListFlowsAsync(string? folder, CancellationToken cancellationToken)
    {
        string? folderId = null;
        if (folder is not null)
        {
            var found = await _store.GetFolderAsync(folder, cancellationToken);
            if (found is null)
            {
                return FlowResult.Fail<IReadOnlyList<FlowRecord>>(FlowErrorCodes.NotFound, $"No folder '{folder}'.");
            }

            folderId = found.Id;
        }

        return FlowResult.Success(await _store.ListFlowsAsync(folderId, cancellationToken));
    }

    /// <summary>Deletes a flow and its versions.</summary>
    public async Task<FlowResult<FlowRecord>> DeleteFlowAsync(string idOrName, CancellationToken cancellationToken)
    {
        var flow = await _store.GetFlowAsync(idOrName, cancellationToken);
        if (flow is null || !await _store.DeleteFlowAsync(flow.Id, cancellationToken))
        {
            return NoFlow<FlowRecord>(idOrName);
        }

        ToolsChanged?.Invoke();
        return FlowResult.Success(flow);
    }

    /// <summary>Saves a definition as the flow's next version (validated; invalid versions are kept with their errors).</summary>
    public async Task<FlowResult<FlowVersion>> SaveVersionAsync(string flow, JsonObject definition, string? notes, FlowActor? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        if (found is null)
        {
            return NoFlow<FlowVersion>(flow);
        }

        return FlowResult.Success(await AddVersionAsync(found, definition, notes, actor, cancellationToken));
    }

    /// <summary>
    /// Saves <paramref name="definition"/> as a new version unless it is the latest one already (by its hash), in one
    /// store operation, so processes importing the same file at once add it once; Added says which happened.
    /// </summary>
    public async Task<FlowResult<SavedVersion>> SaveVersionIfChangedAsync(
        string flow, JsonObject definition, string? notes, FlowActor? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        if (found is null)
        {
            return NoFlow<SavedVersion>(flow);
        }

        var (version, added) = await _store.AddVersionIfChangedAsync(NewVersion(found, definition, notes, actor), cancellationToken);
        return FlowResult.Success(new SavedVersion(version, added));
    }

    /// <summary>Every version, newest first.</summary>
    public async Task<FlowResult<IReadOnlyList<FlowVersion>>> ListVersionsAsync(string flow, CancellationToken cancellationToken)
    {
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        return found is null ? NoFlow<IReadOnlyList<FlowVersion>>(flow) : FlowResult.Success(await _store.ListVersionsAsync(found.Id, cancellationToken));
    }

    /// <summary>A version by number, <c>latest</c> or <c>published</c>.</summary>
    public async Task<FlowResult<FlowVersion>> GetVersionAsync(string flow, string version, CancellationToken cancellationToken)
    {
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        if (found is null)
        {
            return NoFlow<FlowVersion>(flow);
        }

        var v = await FindVersionAsync(found, version, cancellationToken);
        return v is null ? FlowResult.Fail<FlowVersion>(FlowErrorCodes.NotFound, $"Flow '{found.Name}' has no version '{version}'.") : FlowResult.Success(v);
    }

    /// <summary>The enabled flows with a published version, with that version: the <c>flow__{name}</c> tools.</summary>
    public async Task<IReadOnlyList<(FlowRecord Flow, FlowVersion Version)>> ListToolFlowsAsync(CancellationToken cancellationToken)
    {
        var result = new List<(FlowRecord, FlowVersion)>();
        foreach (var flow in await _store.ListFlowsAsync(null, cancellationToken))
        {
            if (flow is { Status: FlowStatuses.Enabled, PublishedVersion: { } number } &&
                await _store.GetVersionAsync(flow.Id, number, cancellationToken) is { } version)
            {
                result.Add((flow, version));
            }
        }

        return result;
    }

    internal async Task<FlowVersion?> FindVersionAsync(FlowRecord flow, string? version, CancellationToken cancellationToken) => version switch
    {
        null or "published" => flow.PublishedVersion is { } p ? await _store.GetVersionAsync(flow.Id, p, cancellationToken) : null,
        "latest" => await _store.GetLatestVersionAsync(flow.Id, cancellationToken),
        _ when int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => await _store.GetVersionAsync(flow.Id, n, cancellationToken),
        _ => null,
    };

    private async Task<FlowVersion> AddVersionAsync(FlowRecord flow, JsonObject definition, string? notes, FlowActor? actor, CancellationToken cancellationToken) =>
        await _store.AddVersionAsync(NewVersion(flow, definition, notes, actor), cancellationToken);

    private FlowVersion NewVersion(FlowRecord flow, JsonObject definition, string? notes, FlowActor? actor)
    {
        var errors = FlowDefinitionParser.Parse(definition, Limits).Errors;
        return new FlowVersion
        {
            FlowId = flow.Id,
            Definition = (JsonObject)definition.DeepClone(),
            Notes = notes,
            CreatedBy = actor?.Name,
            AuthorKeyId = actor?.KeyId,
            Valid = errors.Count == 0,
            Errors = errors,
            Hash = Hash(definition),
            CreatedAt = _time.GetUtcNow(),
        };
    }

    internal static string Hash(JsonNode definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(definition)?.ToJsonString() ?? "null")));

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string? NameError(string? name) =>
        name is null || !NamePattern().IsMatch(name)
            ? $"'{name}' is not a valid flow name: lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 58 characters."
            : null;

    private static FlowResult<T> NoFlow<T>(string flow)
        where T : class => FlowResult.Fail<T>(FlowErrorCodes.NotFound, $"No flow '{flow}'.");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,57}$")]
    private static partial Regex NamePattern();
}
