using McpGateway.Policy.Expressions;

namespace McpGateway.Flows.Definition;

/// <summary>One route of a router: when <see cref="When"/> holds, <see cref="Next"/> are taken.</summary>
internal sealed record FlowRoute(ConditionExpression When, IReadOnlyList<string> Next);
