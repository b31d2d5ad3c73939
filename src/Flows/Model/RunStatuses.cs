namespace McpGateway.Flows.Model;

/// <summary>A run's status (stored and sent as written here).</summary>
public static class RunStatuses
{
    /// <summary>Created, not yet picked up.</summary>
    public const string Pending = "PENDING";

    /// <summary>An engine is executing it.</summary>
    public const string Running = "RUNNING";

    /// <summary>Waiting for an approval or a durable delay.</summary>
    public const string Paused = "PAUSED";

    /// <summary>Finished; outputs are set.</summary>
    public const string Succeeded = "SUCCEEDED";

    /// <summary>A step failed; error is set.</summary>
    public const string Failed = "FAILED";

    /// <summary>The run-level timeout passed.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>Cancelled by a caller.</summary>
    public const string Canceled = "CANCELED";

    /// <summary>Every status, for validation of filters.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Running, Paused, Succeeded, Failed, Timeout, Canceled];

    /// <summary>True for a status a run never leaves.</summary>
    public static bool IsTerminal(string status) => status is Succeeded or Failed or Timeout or Canceled;
}
