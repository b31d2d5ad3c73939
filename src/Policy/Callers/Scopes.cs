namespace McpGateway.Policy.Callers;

/// <summary>The scope names a key can carry, and how granted scopes (with wildcards) match a required one.</summary>
public static class Scopes
{
    /// <summary>List and read tool cards.</summary>
    public const string ToolsRead = "tools:read";

    /// <summary>List, read and subscribe to upstream resources, and complete resource template arguments (implied by <c>tools:read</c>).</summary>
    public const string ResourcesRead = "resources:read";

    /// <summary>List and get upstream prompts, and complete their arguments (implied by <c>tools:read</c>).</summary>
    public const string PromptsRead = "prompts:read";

    /// <summary>Call tools.</summary>
    public const string ToolsCall = "tools:call";

    /// <summary>Verify state before acting.</summary>
    public const string StateVerify = "state:verify";

    /// <summary>Reconcile unknown outcomes.</summary>
    public const string OutcomesReconcile = "outcomes:reconcile";

    /// <summary>List and read approvals.</summary>
    public const string ApprovalsRead = "approvals:read";

    /// <summary>Approve or reject.</summary>
    public const string ApprovalsWrite = "approvals:write";

    /// <summary>Start flow runs.</summary>
    public const string FlowsRun = "flows:run";

    /// <summary>Create and change flows.</summary>
    public const string FlowsWrite = "flows:write";

    /// <summary>Read execution traces.</summary>
    public const string TracesRead = "traces:read";

    /// <summary>Everything, including key management.</summary>
    public const string Admin = "admin";

    /// <summary>Every concrete scope name.</summary>
    public static readonly IReadOnlyList<string> All =
        [ToolsRead, ResourcesRead, PromptsRead, ToolsCall, StateVerify, OutcomesReconcile, ApprovalsRead, ApprovalsWrite, FlowsRun, FlowsWrite, TracesRead, Admin];

    /// <summary>
    /// True when <paramref name="granted"/> covers <paramref name="required"/>: exact, <c>*</c>, <c>admin</c>, or
    /// <c>area:*</c>; <c>tools:read</c> also covers <c>resources:read</c> and <c>prompts:read</c> (keys made before those
    /// scopes existed read resources and prompts with it).
    /// </summary>
    public static bool Allows(IReadOnlyList<string> granted, string required)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(required);
        return Covers(granted, required) || (required is ResourcesRead or PromptsRead && Covers(granted, ToolsRead));
    }

    private static bool Covers(IReadOnlyList<string> granted, string required)
    {
        foreach (var g in granted)
        {
            if (g == "*" || g == Admin || g == required)
            {
                return true;
            }

            if (g.EndsWith(":*", StringComparison.Ordinal) && required.StartsWith(g.AsSpan(0, g.Length - 1), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="scope"/> is a known name or a valid wildcard of one.</summary>
    public static bool IsValid(string scope) =>
        scope == "*" || All.Contains(scope) ||
        (scope.EndsWith(":*", StringComparison.Ordinal) && All.Any(s => s.StartsWith(scope[..^1], StringComparison.Ordinal)));
}
