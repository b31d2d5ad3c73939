using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A path such as <c>args.items[0].sku</c>; anything missing along the way evaluates to null.</summary>
internal sealed class PathNode(string root, PathSegment[] segments, string text) : ExpressionNode
{
    /// <summary>The path as written in canonical form, e.g. <c>args.items[0].sku</c>.</summary>
    public string Text { get; } = text;

    public override ExpressionValue Evaluate(JsonObject variables)
    {
        if (!variables.TryGetPropertyValue(root, out var node))
        {
            return ExpressionValue.Null;
        }

        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            }
            else
            {
                node = node is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
            }

            if (node is null)
            {
                return ExpressionValue.Null;
            }
        }

        return ExpressionValue.FromNode(node);
    }
}
