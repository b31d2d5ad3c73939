namespace McpGateway.Flows.Definition;

/// <summary>What a cron trigger does about ticks missed while no gateway ran.</summary>
internal static class FlowTriggerMissed
{
    /// <summary>Missed ticks are dropped.</summary>
    public const string Skip = "skip";

    /// <summary>One run for the latest missed tick.</summary>
    public const string RunOnce = "run_once";
}
