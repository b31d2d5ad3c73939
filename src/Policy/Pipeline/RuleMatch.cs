using McpGateway.Connectors.Configuration;

namespace McpGateway.Policy.Pipeline;

/// <summary>The rule that decided a call, and where it came from (for traces and approvals).</summary>
/// <param name="Rule">The rule as configured.</param>
/// <param name="Source">tool or global, with its index: <c>tool[0]</c>, <c>global[2]</c>.</param>
public sealed record RuleMatch(RuleConfig Rule, string Source);
