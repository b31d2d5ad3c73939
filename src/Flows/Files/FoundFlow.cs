using McpGateway.Flows.Model;

namespace McpGateway.Flows.Files;

/// <summary>The flow an imported document updates, or null when the document makes a new one.</summary>
/// <param name="Flow">The existing flow, or null.</param>
internal sealed record FoundFlow(FlowRecord? Flow);
