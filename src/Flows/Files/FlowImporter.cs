using System.Text.Json.Nodes;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Files;

/// <summary>
/// Applies a flow document (a file under <c>flows/</c>, or <c>mcpgw flows import</c>): creates the flow when it is new,
/// saves the definition as a new version only when it differs from the latest one (so a restart with unchanged files
/// adds nothing), publishes it when asked and valid, and sets the status. A document with an <c>external_id</c> updates
/// the flow that has it (renamed to the document's name when that differs) instead of creating another.
/// </summary>
public sealed class FlowImporter(FlowService flows)
{
    /// <summary>Imports one document; <paramref name="actor"/> is recorded as the version's author.</summary>
    public async Task<FlowResult<FlowImportResult>> ImportAsync(JsonObject document, FlowActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
        {
            return FlowResult.Fail<FlowImportResult>(FlowErrorCodes.Invalid, "The flow document needs a 'name'.");
        }

        var status = Text(document, "status") ?? FlowStatuses.Enabled;
        if (status is not (FlowStatuses.Enabled or FlowStatuses.Disabled))
        {
            return FlowResult.Fail<FlowImportResult>(FlowErrorCodes.Invalid, $"'status' must be {FlowStatuses.Enabled} or {FlowStatuses.Disabled}, not '{status}'.");
        }

        var externalId = Text(document, "external_id");
        if (document["external_id"] is { } e && (externalId is null || FlowService.ExternalIdError(externalId) is not null))
        {
            return FlowResult.Fail<FlowImportResult>(FlowErrorCodes.Invalid, FlowService.ExternalIdError(externalId ?? "") ?? $"'external_id' must be a string, not {e.GetValueKind()}.");
        }

        var publish = document["publish"] is not JsonValue p || !p.TryGetValue<bool>(out var b) || b;
        var definition = FlowFile.Definition(document);
        var found = await FindAsync(name, externalId, actor, cancellationToken);
        if (!found.Ok)
        {
            return FlowResult.Fail<FlowImportResult>(found.Error!.Code, found.Error.Message, found.Error.Errors);
        }

        var existing = found.Value!.Flow;
        var created = existing is null;
        if (existing is null)
        {
            var made = await flows.CreateFlowAsync(new FlowDraft
            {
                Name = name,
                ExternalId = externalId,
                Description = Text(document, "description"),
                Folder = Text(document, "folder"),
                Tags = Tags(document),
                Actor = actor,
            }, cancellationToken);
            // Another process importing the same file created it first: import into that one.
            if (!made.Ok && made.Error!.Code == FlowErrorCodes.Conflict && await flows.GetFlowAsync(name, cancellationToken) is { } raced)
            {
                created = false;
                if (await DescribeAsync(raced, document, actor, cancellationToken) is { } error)
                {
                    return FlowResult.Fail<FlowImportResult>(error.Code, error.Message, error.Errors);
                }
            }
            else if (!made.Ok)
            {
                return FlowResult.Fail<FlowImportResult>(made.Error!.Code, made.Error.Message, made.Error.Errors);
            }
        }
        else if (await DescribeAsync(existing, document, actor, cancellationToken) is { } error)
        {
            return FlowResult.Fail<FlowImportResult>(error.Code, error.Message, error.Errors);
        }

        // Compared and added in one store operation: replicas importing the same file at once add one version.
        var saved = await flows.SaveVersionIfChangedAsync(name, definition, Text(document, "notes"), actor, cancellationToken);
        if (!saved.Ok)
        {
            return FlowResult.Fail<FlowImportResult>(saved.Error!.Code, saved.Error.Message, saved.Error.Errors);
        }

        var (version, newVersion) = saved.Value!;

        if (publish && version!.Valid)
        {
            var flow = await flows.GetFlowAsync(name, cancellationToken);
            if (flow!.PublishedVersion != version.Number &&
                await flows.ApplyAsync(name, new FlowOperation { Type = "publish", Version = version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Actor = actor }, cancellationToken) is { Ok: false } refused)
            {
                return FlowResult.Fail<FlowImportResult>(refused.Error!.Code, refused.Error.Message, refused.Error.Errors);
            }
        }

        var current = await flows.GetFlowAsync(name, cancellationToken);
        if (current!.Status != status)
        {
            var applied = await flows.ApplyAsync(name, new FlowOperation { Type = status == FlowStatuses.Enabled ? "enable" : "disable", Actor = actor }, cancellationToken);
            if (!applied.Ok)
            {
                return FlowResult.Fail<FlowImportResult>(applied.Error!.Code, applied.Error.Message, applied.Error.Errors);
            }

            current = applied.Value!;
        }

        return FlowResult.Success(new FlowImportResult(current, version!, created, newVersion));
    }

    /// <summary>
    /// The flow a document updates: the one with its external id (renamed to <paramref name="name"/> when that differs),
    /// else the one with its name (given the external id when it has none); Flow null when it is new.
    /// </summary>
    private async Task<FlowResult<FoundFlow>> FindAsync(string name, string? externalId, FlowActor actor, CancellationToken ct)
    {
        if (externalId is not null && await flows.GetFlowByExternalIdAsync(externalId, ct) is { } held)
        {
            if (held.Name == name)
            {
                return FlowResult.Success(new FoundFlow(held));
            }

            var renamed = await flows.ApplyAsync(held.Id, new FlowOperation { Type = "rename", Name = name, Actor = actor }, ct);
            return renamed.Ok ? FlowResult.Success(new FoundFlow(renamed.Value)) : FlowResult.Fail<FoundFlow>(renamed.Error!.Code, renamed.Error.Message, renamed.Error.Errors);
        }

        var byName = await flows.GetFlowAsync(name, ct);
        if (externalId is null || byName is null)
        {
            return FlowResult.Success(new FoundFlow(byName));
        }

        if (byName.ExternalId is { } other)
        {
            return FlowResult.Fail<FoundFlow>(FlowErrorCodes.Conflict, $"Flow '{name}' has external_id '{other}', not '{externalId}'.");
        }

        var adopted = await flows.SetExternalIdAsync(byName, externalId, ct);
        return adopted.Ok ? FlowResult.Success(new FoundFlow(adopted.Value)) : FlowResult.Fail<FoundFlow>(adopted.Error!.Code, adopted.Error.Message, adopted.Error.Errors);
    }

    private async Task<FlowError?> DescribeAsync(FlowRecord existing, JsonObject document, FlowActor actor, CancellationToken ct)
    {
        var description = Text(document, "description");
        var tags = Tags(document);
        if (description != existing.Description || !tags.SequenceEqual(existing.Tags))
        {
            var described = await flows.ApplyAsync(existing.Name, new FlowOperation { Type = "describe", Description = description, Tags = tags, Actor = actor }, ct);
            if (!described.Ok)
            {
                return described.Error;
            }
        }

        // Move only when the folder changed: a restart with unchanged files writes nothing (and keeps updated_at).
        var folder = Text(document, "folder");
        var folders = await flows.ListFoldersAsync(ct);
        var current = existing.FolderId is null ? null : folders.FirstOrDefault(f => f.Id == existing.FolderId)?.Name;
        if (folder == current)
        {
            return null;
        }

        // A file names its folder; as when the flow is created, a folder that does not exist yet is created.
        if (folder is not null && !folders.Any(f => f.Name == folder) && await flows.CreateFolderAsync(folder, ct) is { Ok: false } made &&
            made.Error!.Code != FlowErrorCodes.Conflict)
        {
            return made.Error;
        }

        var moved = await flows.ApplyAsync(existing.Name, new FlowOperation { Type = "move", Folder = folder, Actor = actor }, ct);
        return moved.Error;
    }

    private static string? Text(JsonObject document, string key) =>
        document[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string> Tags(JsonObject document) =>
        document["tags"] is JsonArray a ? a.Select(t => t?.ToString() ?? "").Where(t => t.Length > 0).ToList() : [];
}
