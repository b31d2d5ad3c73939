using System.Text.Json.Nodes;

namespace McpGateway.Connectors.Configuration;

/// <summary>An example call of a tool, shown to agents on its capability card.</summary>
/// <param name="Description">What the example does, in a sentence.</param>
/// <param name="Args">The arguments of the example call.</param>
public sealed record ToolExample(string? Description, JsonObject Args);
