namespace McpGateway.Flows.Execution;

/// <summary>A run executing on this engine: its cancellation, its state once loaded, and whether to run it once more.</summary>
internal sealed class ActiveRun(CancellationTokenSource cancel)
{
    public CancellationTokenSource Cancel { get; } = cancel;

    public RunState? State { get; set; }

    /// <summary>Set when the run was queued again while executing: it gets one more pass after this one.</summary>
    public bool Again { get; set; }
}
