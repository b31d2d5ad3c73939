namespace McpGateway.Policy.Stages.Journal;

/// <summary>One tool call in the journal. Arguments are stored already redacted.</summary>
public sealed record ExecutionRecord
{
    /// <summary>The status of a record that was opened and not yet closed.</summary>
    public const string OpenStatus = "running";

    /// <summary>Unique id, <c>exe_…</c>.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The gateway instance that opened the record (used to find records a crash left open).</summary>
    public required string InstanceId { get; init; }

    /// <summary>The MCP session id or another caller handle; null when none.</summary>
    public string? SessionId { get; init; }

    /// <summary>The calling agent, when known.</summary>
    public string? Agent { get; init; }

    /// <summary>The connector that owns the tool; null when the tool did not resolve.</summary>
    public string? Connector { get; init; }

    /// <summary>The tool name as the caller sent it.</summary>
    public required string Tool { get; init; }

    /// <summary>The arguments as JSON, secret values redacted.</summary>
    public required string ArgumentsJson { get; init; }

    /// <summary>When the call entered the pipeline.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the call ended; null while open.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary><see cref="OpenStatus"/> while open, then a ToolCallStatus wire name (completed, failed, ...).</summary>
    public string Status { get; init; } = OpenStatus;

    /// <summary>The error sentence, when the call did not complete.</summary>
    public string? Error { get; init; }

    /// <summary>The stage decisions as a JSON array; null while open.</summary>
    public string? TraceJson { get; init; }

    /// <summary>What the tool answered (its result, redacted like the arguments and capped in size), when it answered.</summary>
    public string? OutputJson { get; init; }

    /// <summary>
    /// An operator's later word on an ended call whose outcome nothing could check (verdict, note, when), as JSON; null
    /// unless settled. The only thing written to a record after its close, and only once.
    /// </summary>
    public string? SettlementJson { get; init; }
}
