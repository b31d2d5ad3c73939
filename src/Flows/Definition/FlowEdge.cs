namespace McpGateway.Flows.Definition;

/// <summary>
/// An edge between steps. A branch edge (a router's route or default) is live only when the router took it; a plain
/// edge is live unless its source was skipped as a dead path.
/// </summary>
internal sealed record FlowEdge(string From, string To, bool IsBranch);
