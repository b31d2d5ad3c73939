namespace McpGateway.Connectors.Runtime;

/// <summary>What a REST write of a runtime connector came to.</summary>
public enum ConnectorChange
{
    /// <summary>A new connector was stored and started.</summary>
    Created,

    /// <summary>A stored connector was replaced and applied.</summary>
    Updated,

    /// <summary>The name belongs to <c>connectors.yaml</c>; nothing was stored.</summary>
    DefinedInFile,
}
