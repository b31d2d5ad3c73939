namespace McpGateway.Policy.Pipeline;

/// <summary>One stage of the call pipeline. A stage that does not apply returns <c>next(context)</c> directly.</summary>
internal interface IToolCallStage
{
    /// <summary>The stage's name in traces.</summary>
    string Name { get; }

    /// <summary>Runs the stage.</summary>
    ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next);
}
