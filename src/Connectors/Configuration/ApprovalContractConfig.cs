namespace McpGateway.Connectors.Configuration;

/// <summary>The conditions under which an approval, when granted, may still execute.</summary>
public sealed record ApprovalContractConfig
{
    /// <summary>What the call is meant to achieve, shown to the approver.</summary>
    public string? Intent { get; init; }

    /// <summary>Must hold on the live state at approval time, or the call needs replanning.</summary>
    public IReadOnlyList<ConditionConfig> Conditions { get; init; } = [];

    /// <summary>strict: any change of the frozen state requeues; conditions: only the conditions matter.</summary>
    public string Threshold { get; init; } = "strict";

    /// <summary>How long the approval stays valid after freezing.</summary>
    public TimeSpan? ExpiresIn { get; init; }

    /// <summary>A fixed time after which the approval is no longer valid (the earlier of this and <see cref="ExpiresIn"/> wins).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Actions the approved call may perform; empty means any.</summary>
    public IReadOnlyList<string> AllowedActions { get; init; } = [];

    /// <summary>A read tool that fetches the live state at freeze and approval time.</summary>
    public ToolReference? StateRefetch { get; init; }
}
