namespace McpGateway.Connectors.Configuration;

/// <summary>The whole of <c>connectors.yaml</c>, validated. Immutable; a reload produces a new instance.</summary>
public sealed record GatewayConfig
{
    /// <summary>The absolute path of the file it came from (null when built in code).</summary>
    public string? SourcePath { get; init; }

    /// <summary>Host settings.</summary>
    public ServerConfig Server { get; init; } = new();

    /// <summary>Global rules and limits.</summary>
    public PolicyConfig Policy { get; init; } = new();

    /// <summary>Connectors in file order.</summary>
    public IReadOnlyList<ConnectorConfig> Connectors { get; init; } = [];

    /// <summary>The directory relative paths are resolved against.</summary>
    public string BaseDirectory => SourcePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(SourcePath)!;
}
