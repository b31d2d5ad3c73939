namespace McpGateway.Flows.Execution;

/// <summary>Settings of the <see cref="FlowEngine"/>; defaults in <see cref="FlowEngineDefaults"/>.</summary>
public sealed class FlowEngineOptions
{
    /// <summary>Runs executing at once (1..1024).</summary>
    public int MaxConcurrentRuns { get; set; } = FlowEngineDefaults.MaxConcurrentRuns;

    /// <summary>How often the store is polled for runnable runs (crash leftovers, lapsed leases, woken delays).</summary>
    public TimeSpan PollInterval { get; set; } = FlowEngineDefaults.PollInterval;

    /// <summary>How long a claim on a run holds; renewed by a heartbeat while the run executes.</summary>
    public TimeSpan LeaseDuration { get; set; } = FlowEngineDefaults.LeaseDuration;

    /// <summary>This engine's lease owner name; unique per replica.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(64, Environment.MachineName.Length + 33)];

    /// <summary>Run ids waiting in memory; beyond this they wait in the store for the poller.</summary>
    public int MaxQueuedRuns { get; set; } = FlowEngineDefaults.MaxQueuedRuns;

    /// <summary>How often a run waiting on an approval or a sub-run is looked at again.</summary>
    public TimeSpan RecheckInterval { get; set; } = FlowEngineDefaults.RecheckInterval;

    /// <summary>A waiting caller waits through a pause (delay, sub-run) that ends within this; approvals always answer PAUSED at once.</summary>
    public TimeSpan WaitThroughPause { get; set; } = FlowEngineDefaults.WaitThroughPause;

    /// <summary>How long a tool step waits for an unreachable connector before it fails (nothing was executed meanwhile).</summary>
    public TimeSpan UnavailableWait { get; set; } = FlowEngineDefaults.UnavailableWait;

    /// <summary>Steps per flow, items per loop, run duration; give the <see cref="Model.FlowService"/> the same.</summary>
    public Definition.FlowLimits Limits { get; set; } = Definition.FlowLimits.Default;
}
