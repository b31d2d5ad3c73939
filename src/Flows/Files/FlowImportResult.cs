using McpGateway.Flows.Model;

namespace McpGateway.Flows.Files;

/// <summary>What importing a flow document did.</summary>
/// <param name="Flow">The flow after the import.</param>
/// <param name="Version">The version the document's definition is (new or unchanged).</param>
/// <param name="Created">True when the flow did not exist.</param>
/// <param name="NewVersion">True when the definition differed from the latest version and was saved as a new one.</param>
public sealed record FlowImportResult(FlowRecord Flow, FlowVersion Version, bool Created, bool NewVersion);
