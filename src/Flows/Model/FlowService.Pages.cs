namespace McpGateway.Flows.Model;

public sealed partial class FlowService
{
    /// <summary>
    /// One page of flows by name (keyset: names after <paramref name="afterName"/>), filtered by folder (id or name),
    /// status and external id; <paramref name="limit"/> rows at most.
    /// </summary>
    public async Task<FlowResult<IReadOnlyList<FlowRecord>>> ListFlowPageAsync(
        string? folder, string? status, string? externalId, string? afterName, int limit, CancellationToken cancellationToken)
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

        var query = new FlowQuery { FolderId = folderId, Status = status, ExternalId = externalId, AfterName = afterName, Limit = limit };
        return FlowResult.Success(await _store.ListFlowPageAsync(query, cancellationToken));
    }

    /// <summary>One page of a flow's versions, newest first: numbers below <paramref name="before"/>, <paramref name="limit"/> at most.</summary>
    public async Task<FlowResult<IReadOnlyList<FlowVersion>>> ListVersionPageAsync(string flow, int? before, int limit, CancellationToken cancellationToken)
    {
        var found = await _store.GetFlowAsync(flow, cancellationToken);
        return found is null
            ? NoFlow<IReadOnlyList<FlowVersion>>(flow)
            : FlowResult.Success(await _store.ListVersionsAsync(found.Id, before, limit, cancellationToken));
    }
}
