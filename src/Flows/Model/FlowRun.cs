using System.Text.Json.Nodes;

namespace McpGateway.Flows.Model;

/// <summary>One run of a flow version.</summary>
public sealed record FlowRun
{
    /// <summary><c>run_…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The flow's id.</summary>
    public required string FlowId { get; init; }

    /// <summary>The flow's name when the run started.</summary>
    public required string FlowName { get; init; }

    /// <summary>The version it runs (pinned at start).</summary>
    public required int Version { get; init; }

    /// <summary><see cref="RunEnvironments"/>.</summary>
    public required string Environment { get; init; }

    /// <summary><see cref="RunOrigins"/>.</summary>
    public required string Origin { get; init; }

    /// <summary><see cref="RunStatuses"/>.</summary>
    public string Status { get; init; } = RunStatuses.Pending;

    /// <summary>The inputs it was started with.</summary>
    public JsonObject? Inputs { get; init; }

    /// <summary>The rendered <c>output</c> template, when it succeeded.</summary>
    public JsonNode? Outputs { get; init; }

    /// <summary>Why it failed, timed out or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an engine first started it.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a terminal status.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The run whose <c>flow</c> step started this one.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The parent's step key (and iteration, <c>key#i</c>) that waits for this run.</summary>
    public string? ParentStep { get; init; }

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The start's deduplication key: one run per (flow, key).</summary>
    public string? DedupKey { get; init; }

    /// <summary>When the run-level timeout passes.</summary>
    public DateTimeOffset? TimeoutAt { get; init; }

    /// <summary>When a paused run should be looked at again (a durable delay ends).</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>Set by a cancel request; the engine stops the run at its next step boundary (and aborts calls in flight).</summary>
    public bool CancelRequested { get; init; }

    /// <summary>The API key that started it (tool steps run with its permissions), or null.</summary>
    public string? KeyId { get; init; }

    /// <summary>The agent that started it, or null.</summary>
    public string? Agent { get; init; }

    /// <summary>
    /// Set by a pause request (<c>paused by …</c>): no new step starts while it is set; steps in flight finish and commit,
    /// then the run is PAUSED with this reason until a resume clears it.
    /// </summary>
    public string? PauseReason { get; init; }

    /// <summary>The earlier run whose nodes before <see cref="FromStep"/> this run took over (not run again).</summary>
    public string? FromRunId { get; init; }

    /// <summary>The step this run started at (its predecessors' nodes copied from <see cref="FromRunId"/>).</summary>
    public string? FromStep { get; init; }

    /// <summary>The step this run ends at: only it and what it depends on run; the rest is skipped.</summary>
    public string? ToStep { get; init; }
}
