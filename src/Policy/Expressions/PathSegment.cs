namespace McpGateway.Policy.Expressions;

/// <summary>One step of a path after its root: a member name (<c>.sku</c>, <c>['x-y']</c>) or an array index (<c>[0]</c>).</summary>
/// <param name="Name">The member name, or null for an index.</param>
/// <param name="Index">The array index when <paramref name="Name"/> is null.</param>
internal readonly record struct PathSegment(string? Name, int Index);
