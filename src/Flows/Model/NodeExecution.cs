using System.Text.Json.Nodes;

namespace McpGateway.Flows.Model;

/// <summary>
/// One execution of a step in a run: iteration 0 is the step itself (for a loop, its aggregate); a loop's items are
/// iterations 1..n, each its own node. The node's key in the run is (step key, iteration).
/// </summary>
public sealed record NodeExecution
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The step key.</summary>
    public required string StepKey { get; init; }

    /// <summary>0 for the step; 1..n for a loop's items.</summary>
    public int Iteration { get; init; }

    /// <summary><see cref="NodeStatuses"/>.</summary>
    public string Status { get; init; } = NodeStatuses.Pending;

    /// <summary>The rendered input (tool arguments, transform value, loop item).</summary>
    public JsonNode? Input { get; init; }

    /// <summary>The committed output.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Attempts made (retries included).</summary>
    public int Attempts { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why it failed or was skipped.</summary>
    public string? Error { get; init; }

    /// <summary>The gateway execution id of a tool step's (last) call.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The approval this node waits on (approval step, or a tool call frozen for approval).</summary>
    public string? ApprovalId { get; init; }

    /// <summary>The sub-flow run of a <c>flow</c> step.</summary>
    public string? ChildRunId { get; init; }

    /// <summary>When a paused delay node resumes.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>The earlier run this node was copied from (a start from a step): its result is that run's, not run again.</summary>
    public string? CopiedFrom { get; init; }
}
