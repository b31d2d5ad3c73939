namespace McpGateway.Flows.Definition;

/// <summary>The step types of a flow definition.</summary>
internal static class StepTypes
{
    /// <summary>Calls a catalog tool through the call pipeline.</summary>
    public const string Tool = "tool";

    /// <summary>Runs another flow as a sub-run.</summary>
    public const string Flow = "flow";

    /// <summary>Renders a value.</summary>
    public const string Transform = "transform";

    /// <summary>Takes one or more branches.</summary>
    public const string Router = "router";

    /// <summary>Runs one step per item.</summary>
    public const string Loop = "loop";

    /// <summary>Pauses the run until a human decides.</summary>
    public const string Approval = "approval";

    /// <summary>Pauses the run durably for a while.</summary>
    public const string Delay = "delay";

    /// <summary>Every type.</summary>
    public static readonly IReadOnlyList<string> All = [Tool, Flow, Transform, Router, Loop, Approval, Delay];

    /// <summary>The types a loop's <c>do</c> may have.</summary>
    public static readonly IReadOnlyList<string> LoopBody = [Tool, Transform, Flow];
}
