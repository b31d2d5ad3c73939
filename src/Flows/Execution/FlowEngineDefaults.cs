namespace McpGateway.Flows.Execution;

/// <summary>The defaults of <see cref="FlowEngineOptions"/>, in one place.</summary>
public static class FlowEngineDefaults
{
    /// <summary>Runs executing at once on one engine.</summary>
    public const int MaxConcurrentRuns = 16;

    /// <summary>Run ids waiting in memory; beyond this, runs wait in the store until the poller picks them up.</summary>
    public const int MaxQueuedRuns = 10_000;

    /// <summary>How often the store is polled for runnable runs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds without a heartbeat.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>How often a run waiting on an approval or a sub-run is looked at again (decisions made on another replica).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>A waiting caller (sync start, MCP tool) waits through a delay or sub-run that ends within this; longer pauses answer PAUSED.</summary>
    public static readonly TimeSpan WaitThroughPause = TimeSpan.FromSeconds(30);

    /// <summary>How long a tool step waits for an unreachable connector (starting, down, circuit open) before it fails.</summary>
    public static readonly TimeSpan UnavailableWait = TimeSpan.FromMinutes(2);

    /// <summary>The most steps one flow version may have (a loop's body counts with its loop).</summary>
    public const int MaxSteps = 1_000;

    /// <summary>The most items one loop may run over.</summary>
    public const int MaxLoopItems = 10_000;

    /// <summary>The longest a run may take, start to end, pauses included; also the timeout of a flow that sets none.</summary>
    public static readonly TimeSpan MaxRunDuration = TimeSpan.FromDays(7);

    /// <summary>The largest <see cref="MaxRunDuration"/> a host may set (the engine's run timer cannot wait longer than 49 days).</summary>
    public static readonly TimeSpan MaxRunDurationCeiling = TimeSpan.FromDays(30);
}
