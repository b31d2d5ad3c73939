namespace McpGateway.Policy.Pipeline;

/// <summary>The rest of the pipeline, as seen by a stage.</summary>
public delegate ValueTask<ToolCallOutcome> ToolCallDelegate(ToolCallContext context);
