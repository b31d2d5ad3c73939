namespace McpGateway.Flows.Model;

/// <summary>
/// Runs and their node executions, the durable state of the engine. A node's row is written before its successors
/// start, so a restarted engine resumes from the last committed node. Runs are claimed with leases (a conditional
/// update), so among several replicas one executes a run and another takes it over when the lease lapses.
/// </summary>
public interface IRunStore
{
    /// <summary>Creates or migrates the tables; idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates a run. With a <see cref="FlowRun.DedupKey"/> already used for the flow, nothing is created and the
    /// existing run is returned with <c>Created</c> false.
    /// </summary>
    ValueTask<(FlowRun Run, bool Created)> CreateRunAsync(FlowRun run, CancellationToken cancellationToken);

    /// <summary>One run, or null.</summary>
    ValueTask<FlowRun?> GetRunAsync(string id, CancellationToken cancellationToken);

    /// <summary>Runs matching the query, newest first (created_at, then id), one page.</summary>
    /// <exception cref="ArgumentException">The cursor is not one this store issued.</exception>
    ValueTask<RunPage> ListRunsAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a run's mutable fields (status, outputs, error, started, finished, timeout, wake). A run already in a
    /// terminal status is never changed: returns false then (and when it does not exist).
    /// </summary>
    ValueTask<bool> UpdateRunAsync(FlowRun run, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpdateRunAsync"/> for the engine executing the run: applies only while <paramref name="owner"/> holds
    /// its lease, so an engine whose lease lapsed and was taken over cannot overwrite the new owner's writes. False
    /// when the run is terminal, gone, or no longer this owner's.
    /// </summary>
    ValueTask<bool> UpdateOwnedRunAsync(FlowRun run, string owner, CancellationToken cancellationToken);

    /// <summary>Sets a PAUSED run's wake time and nothing else (a finished child waking its parent); false otherwise.</summary>
    ValueTask<bool> WakeRunAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a FAILED, TIMEOUT or CANCELED run back to PENDING for a retry from its failed nodes: clears error, outputs,
    /// finished, wake, the cancel request and any lease, and sets <paramref name="timeoutAt"/> and who retried it
    /// (<paramref name="keyId"/>, <paramref name="agent"/>: the run's tool steps act with that key from then on). One
    /// conditional update; false when the run does not exist or is not in one of those statuses (a second retry racing loses).
    /// </summary>
    ValueTask<bool> ReopenRunAsync(string id, DateTimeOffset? timeoutAt, string? keyId, string? agent, CancellationToken cancellationToken);

    /// <summary>Marks a run for cancellation; false when it does not exist or is already terminal.</summary>
    ValueTask<bool> RequestCancelAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Asks an active run to pause (<see cref="FlowRun.PauseReason"/> = <paramref name="reason"/>): whichever engine holds
    /// it starts no new step and pauses it once its steps in flight commit. False when it does not exist, has ended, is
    /// already pausing or is being cancelled.
    /// </summary>
    ValueTask<bool> RequestPauseAsync(string id, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Clears a pause request and wakes the run at <paramref name="now"/> when it is PAUSED, so any replica picks it up.
    /// False when it does not exist, has ended or is not pausing.
    /// </summary>
    ValueTask<bool> ResumeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a non-terminal run for <paramref name="owner"/> until <paramref name="leaseUntil"/>: succeeds when the
    /// run is unclaimed, its lease lapsed before <paramref name="now"/>, or the owner already holds it.
    /// </summary>
    ValueTask<bool> TryClaimAsync(string runId, string owner, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends the leases <paramref name="owner"/> holds on these runs.</summary>
    ValueTask RenewLeasesAsync(string owner, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Gives up a lease (the run stopped executing here: finished or paused).</summary>
    ValueTask ReleaseAsync(string runId, string owner, CancellationToken cancellationToken);

    /// <summary>Gives up every lease of an owner known to be dead, so its runs are picked up at once; returns how many.</summary>
    ValueTask<int> ReleaseOwnerAsync(string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Runs an engine should pick up, oldest first: PENDING or RUNNING runs that nobody holds a live lease on, and
    /// PAUSED runs whose <see cref="FlowRun.WakeAt"/> is at or before <paramref name="now"/>, or whose cancel was requested.
    /// </summary>
    ValueTask<IReadOnlyList<FlowRun>> ListRunnableAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a node execution (key: run, step, iteration).</summary>
    ValueTask SaveNodeAsync(NodeExecution node, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="SaveNodeAsync"/> for the engine executing the run: writes only while <paramref name="owner"/> holds
    /// the run's lease (checked in the same statement); false, and nothing written, otherwise.
    /// </summary>
    ValueTask<bool> SaveOwnedNodeAsync(NodeExecution node, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="SaveNodeAsync"/>, but only while the node's run is in a terminal status (checked in the same
    /// statement): a retry resets nodes this way before reopening the run. False, and nothing written, otherwise.
    /// </summary>
    ValueTask<bool> SaveNodeWhileRunEndedAsync(NodeExecution node, CancellationToken cancellationToken);

    /// <summary>Every node execution of a run, by start time then step key and iteration.</summary>
    ValueTask<IReadOnlyList<NodeExecution>> ListNodesAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The paused nodes that wait on this approval.</summary>
    ValueTask<IReadOnlyList<NodeExecution>> FindNodesByApprovalAsync(string approvalId, CancellationToken cancellationToken);

    /// <summary>Dashboard figures; <paramref name="recent"/> newest runs.</summary>
    ValueTask<RunStats> GetStatsAsync(DateTimeOffset now, int recent, CancellationToken cancellationToken);

    /// <summary>Records that a flow's cron tick fired; false when it was already recorded (by this or another replica).</summary>
    ValueTask<bool> TryRecordTickAsync(string flowId, DateTimeOffset tick, CancellationToken cancellationToken);

    /// <summary>The latest recorded cron tick of a flow, or null.</summary>
    ValueTask<DateTimeOffset?> GetLastTickAsync(string flowId, CancellationToken cancellationToken);
}
