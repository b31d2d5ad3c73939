using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Model;

public sealed partial class FlowService
{
    /// <summary>Applies an operation (see <see cref="FlowOperation"/>).</summary>
    public async Task<FlowResult<FlowRecord>> ApplyAsync(string flow, FlowOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        if (found is null)
        {
            return NoFlow<FlowRecord>(flow);
        }

        var now = _time.GetUtcNow();
        FlowRecord updated;
        var toolsChange = true;
        switch (operation.Type)
        {
            case "publish":
                var version = await FindVersionAsync(found, operation.Version ?? "latest", cancellationToken);
                if (version is null)
                {
                    return FlowResult.Fail<FlowRecord>(FlowErrorCodes.NotFound, $"Flow '{found.Name}' has no version '{operation.Version ?? "latest"}'.");
                }

                if (!version.Valid)
                {
                    return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, $"Version {version.Number} of '{found.Name}' is not valid; fix it and save a new version.", version.Errors);
                }

                updated = found with { PublishedVersion = version.Number };
                break;
            case "enable":
                updated = found with { Status = FlowStatuses.Enabled };
                break;
            case "disable":
                updated = found with { Status = FlowStatuses.Disabled };
                break;
            case "rename":
                if (NameError(operation.Name) is { } bad)
                {
                    return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, bad);
                }

                updated = found with { Name = operation.Name! };
                break;
            case "move":
                toolsChange = false;
                string? folderId = null;
                if (operation.Folder is { } folderName)
                {
                    var folder = await _store.GetFolderAsync(folderName, cancellationToken);
                    if (folder is null)
                    {
                        return FlowResult.Fail<FlowRecord>(FlowErrorCodes.NotFound, $"No folder '{folderName}'.");
                    }

                    folderId = folder.Id;
                }

                updated = found with { FolderId = folderId };
                break;
            case "rollback":
                return await RollbackAsync(found, operation, cancellationToken);
            case "set_webhook_secret":
                toolsChange = false;
                if (operation.Secret is { Length: 0 })
                {
                    return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid, "'secret' must not be empty; leave it out to turn the webhook off.");
                }

                updated = found with { WebhookSecret = operation.Secret is { } secret ? _webhookSecrets.Seal(found.Id, secret) : null };
                break;
            case "describe":
                updated = found with { Description = operation.Description ?? found.Description, Tags = operation.Tags ?? found.Tags };
                break;
            default:
                return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Invalid,
                    $"Unknown operation '{operation.Type}' (publish, enable, disable, move, rename, rollback, set_webhook_secret, describe).");
        }

        updated = updated with { UpdatedAt = now };
        if (!await _store.UpdateFlowAsync(updated, cancellationToken))
        {
            return FlowResult.Fail<FlowRecord>(FlowErrorCodes.Conflict, operation.Type == "rename"
                ? $"A flow named '{operation.Name}' already exists."
                : $"Flow '{found.Name}' changed or was deleted meanwhile.");
        }

        if (toolsChange)
        {
            ToolsChanged?.Invoke();
        }

        return FlowResult.Success(updated);
    }

    private async Task<FlowResult<FlowRecord>> RollbackAsync(FlowRecord flow, FlowOperation operation, CancellationToken cancellationToken)
    {
        var old = operation.Version is null ? null : await FindVersionAsync(flow, operation.Version, cancellationToken);
        if (old is null)
        {
            return FlowResult.Fail<FlowRecord>(FlowErrorCodes.NotFound, $"Flow '{flow.Name}' has no version '{operation.Version}' to roll back to.");
        }

        await AddVersionAsync(flow, old.Definition, $"rollback to version {old.Number}", operation.Actor, cancellationToken);
        return FlowResult.Success(await _store.GetFlowAsync(flow.Id, cancellationToken) ?? flow);
    }

    /// <summary>The clear webhook secret of <paramref name="flow"/>; null when it has none or it does not open with this gateway's master key.</summary>
    public string? WebhookSecret(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.WebhookSecret is { } stored && _webhookSecrets.TryOpen(flow.Id, stored, out var secret) && secret.Length > 0 ? secret : null;
    }

    /// <summary>Seals the webhook secrets an earlier version stored in clear; returns how many. Safe to run on every start.</summary>
    public async Task<int> SealClearWebhookSecretsAsync(CancellationToken cancellationToken)
    {
        var sealedCount = 0;
        foreach (var flow in await _store.ListFlowsAsync(null, cancellationToken))
        {
            if (flow.WebhookSecret is { Length: > 0 } clear && !WebhookSecrets.IsSealed(clear) &&
                await _store.ReplaceWebhookSecretAsync(flow.Id, clear, _webhookSecrets.Seal(flow.Id, clear), cancellationToken))
            {
                sealedCount++;
            }
        }

        return sealedCount;
    }
}
