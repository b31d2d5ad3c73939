namespace McpGateway.Flows.Model;

/// <summary>A node execution's status.</summary>
public static class NodeStatuses
{
    /// <summary>Known, not started.</summary>
    public const string Pending = "PENDING";

    /// <summary>Started; its result is not committed yet (after a crash it is resumed).</summary>
    public const string Running = "RUNNING";

    /// <summary>Committed with an output.</summary>
    public const string Succeeded = "SUCCEEDED";

    /// <summary>Committed with an error.</summary>
    public const string Failed = "FAILED";

    /// <summary>Its <c>when</c> was false or it was not on a taken branch.</summary>
    public const string Skipped = "SKIPPED";

    /// <summary>Waiting for an approval or a durable delay.</summary>
    public const string Paused = "PAUSED";

    /// <summary>True for a committed status (its successors may start).</summary>
    public static bool IsFinished(string status) => status is Succeeded or Failed or Skipped;
}
