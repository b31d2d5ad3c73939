namespace McpGateway.Policy.Stages.Journal;

/// <summary>The end of a call: written once over an open <see cref="ExecutionRecord"/>.</summary>
/// <param name="ExecutionId">The record to close.</param>
/// <param name="Connector">The connector, once resolved.</param>
/// <param name="EndedAt">When the call ended.</param>
/// <param name="Status">A ToolCallStatus wire name.</param>
/// <param name="Error">The error sentence, if any.</param>
/// <param name="TraceJson">The stage decisions as a JSON array.</param>
public sealed record ExecutionClose(
    string ExecutionId,
    string? Connector,
    DateTimeOffset EndedAt,
    string Status,
    string? Error,
    string TraceJson)
{
    /// <summary>
    /// The record itself when the call ended before its open was written (refused by a check before any effect could
    /// begin): the close then writes the whole record, open and closed, in one write.
    /// </summary>
    public ExecutionRecord? Unopened { get; init; }

    /// <summary>What the tool answered, redacted and capped (<see cref="JournalOutput"/>), when it answered.</summary>
    public string? OutputJson { get; init; }
}
