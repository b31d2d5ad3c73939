namespace McpGateway.Connectors.Configuration;

/// <summary>What a changed tool definition does (<c>pinning:</c> of a connector).</summary>
public enum PinningMode
{
    /// <summary>The tool is quarantined until an operator accepts the change (the default).</summary>
    Strict,

    /// <summary>The change is accepted at once and journaled (for development).</summary>
    Auto,
}
