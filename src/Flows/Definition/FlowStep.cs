using McpGateway.Policy.Expressions;

namespace McpGateway.Flows.Definition;

/// <summary>A compiled step: its common fields and the fields of its type, templates pre-parsed.</summary>
internal sealed record FlowStep
{
    public required string Key { get; init; }

    public required string Type { get; init; }

    /// <summary>Where it is in the definition, for messages: <c>steps[2] (refund)</c>.</summary>
    public string Path { get; init; } = "";

    public IReadOnlyList<string> Next { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public ConditionExpression? When { get; init; }

    public StepRetry? Retry { get; init; }

    public TimeSpan? Timeout { get; init; }

    public bool ContinueOnError { get; init; }

    /// <summary>tool: the catalog tool name.</summary>
    public string? Tool { get; init; }

    /// <summary>tool: the arguments.</summary>
    public FlowTemplate? Args { get; init; }

    /// <summary>flow: the sub-flow's name.</summary>
    public string? Flow { get; init; }

    /// <summary>flow: a version number or <c>latest</c>; null for the published one.</summary>
    public string? FlowVersion { get; init; }

    /// <summary>flow: the sub-run's inputs.</summary>
    public FlowTemplate? Inputs { get; init; }

    /// <summary>flow: false lets the parent go on when the sub-run fails, with the failure as the step's output (default true).</summary>
    public bool FailParentOnFailure { get; init; } = true;

    /// <summary>transform: the output.</summary>
    public FlowTemplate? Value { get; init; }

    /// <summary>router: the routes, in order.</summary>
    public IReadOnlyList<FlowRoute> Routes { get; init; } = [];

    /// <summary>router: true for <c>all</c> (every matching route), false for <c>first</c>.</summary>
    public bool RouteAll { get; init; }

    /// <summary>router: taken when no route matches.</summary>
    public IReadOnlyList<string> Default { get; init; } = [];

    /// <summary>loop: the items.</summary>
    public FlowTemplate? Items { get; init; }

    /// <summary>loop: iterations run at once.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>loop: the body.</summary>
    public FlowStep? Do { get; init; }

    /// <summary>approval: the message.</summary>
    public FlowTemplate? Message { get; init; }

    /// <summary>approval: how long it may stay pending.</summary>
    public TimeSpan? ExpiresIn { get; init; }

    /// <summary>delay: how long.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>delay: until when (an ISO-8601 time).</summary>
    public FlowTemplate? Until { get; init; }

    /// <summary>Every branch target (routes and default).</summary>
    public IEnumerable<string> BranchTargets => Routes.SelectMany(r => r.Next).Concat(Default);
}
