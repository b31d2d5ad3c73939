namespace McpGateway.Flows.Model;

/// <summary>A page of runs and the cursor of the next page (null on the last page).</summary>
public sealed record RunPage(IReadOnlyList<FlowRun> Runs, string? NextCursor);
