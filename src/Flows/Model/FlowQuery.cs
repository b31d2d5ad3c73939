namespace McpGateway.Flows.Model;

/// <summary>One page of flows by name: filters (null means any) and the keyset cursor.</summary>
public sealed record FlowQuery
{
    /// <summary>Only flows in this folder id.</summary>
    public string? FolderId { get; init; }

    /// <summary>Only flows with this <see cref="FlowStatuses"/> value.</summary>
    public string? Status { get; init; }

    /// <summary>Only the flow with this external id.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Only flows whose name sorts after this one (the previous page's last).</summary>
    public string? AfterName { get; init; }

    /// <summary>At most this many.</summary>
    public int Limit { get; init; } = 50;
}
