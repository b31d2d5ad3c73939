namespace McpGateway.Connectors.Runtime;

/// <summary>A connector added over REST: its record as in <c>connectors.yaml</c> (JSON text), kept in the store.</summary>
public sealed record StoredConnector
{
    /// <summary>The connector's name.</summary>
    public required string Name { get; init; }

    /// <summary>The connector's settings (kind, command or url, ...) as a JSON object, already validated.</summary>
    public required string RecordJson { get; init; }

    /// <summary>When it was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
