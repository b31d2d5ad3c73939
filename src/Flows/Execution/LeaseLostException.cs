namespace McpGateway.Flows.Execution;

/// <summary>
/// A write of the engine's own run was refused because another engine holds the run's lease now: this engine's
/// lease lapsed (a long pause, a partition) and the run was taken over. The pass stops without writing anything more.
/// </summary>
internal sealed class LeaseLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeaseLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static LeaseLostException For(string runId) =>
        new($"Run {runId} is held by another engine now; this engine stopped writing it.");
}
