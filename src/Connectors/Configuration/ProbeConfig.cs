namespace McpGateway.Connectors.Configuration;

/// <summary>How to find out whether a call whose outcome is unknown took effect: a read tool and the conditions that mean "it did".</summary>
public sealed record ProbeConfig
{
    /// <summary>The read tool to call, with templated arguments.</summary>
    public required ToolReference Call { get; init; }

    /// <summary>All must hold on the probe's result (its structured content, as <c>result</c>) for the call to count as done.</summary>
    public IReadOnlyList<ConditionConfig> SucceededWhen { get; init; } = [];
}
