namespace McpGateway.Policy.Stages.Journal;

/// <summary>Settings of the journal stage.</summary>
public sealed record JournalOptions
{
    /// <summary>This gateway instance's id in the journal (records a crash left open are found by it).</summary>
    public required string InstanceId { get; init; }
}
