namespace McpGateway.Flows.Model;

/// <summary>What saving a definition came to: the flow's latest version, and whether this save added it.</summary>
public sealed record SavedVersion(FlowVersion Version, bool Added);
