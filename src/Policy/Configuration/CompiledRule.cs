using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Configuration;

/// <summary>A rule with its condition parsed once.</summary>
/// <param name="Rule">The rule as configured.</param>
/// <param name="When">The parsed condition; null always matches.</param>
/// <param name="Source">tool[i] or global[i].</param>
internal sealed record CompiledRule(RuleConfig Rule, ConditionExpression? When, string Source);
