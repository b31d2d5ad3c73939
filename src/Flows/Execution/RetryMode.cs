namespace McpGateway.Flows.Execution;

/// <summary>How a failed run is retried.</summary>
public enum RetryMode
{
    /// <summary>The same run continues: failed nodes (and what they blocked) run again, succeeded nodes are kept.</summary>
    FromFailed,

    /// <summary>A new run of the flow's latest version with the same inputs.</summary>
    LatestVersion,
}
