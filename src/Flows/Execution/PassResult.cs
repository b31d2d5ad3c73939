namespace McpGateway.Flows.Execution;

/// <summary>What one pass over a run came to.</summary>
internal sealed class PassResult
{
    public string? Failure { get; set; }

    public bool Canceled { get; set; }

    public bool Paused { get; set; }

    public DateTimeOffset? Wake { get; set; }
}
