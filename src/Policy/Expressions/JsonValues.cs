namespace McpGateway.Policy.Expressions;

/// <summary>The comparisons behind the operators: structural equality, ordering and membership.</summary>
internal static class JsonValues
{
    /// <summary>Structural equality: numbers compare numerically (1 == 1.0), strings ordinally, arrays and objects item by item.</summary>
    public static bool Equal(in ExpressionValue left, in ExpressionValue right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        switch (left.Kind)
        {
            case ExpressionValueKind.Null:
                return true;
            case ExpressionValueKind.Boolean:
                return left.AsBoolean == right.AsBoolean;
            case ExpressionValueKind.Number:
                return CompareNumbers(left, right) == 0;
            case ExpressionValueKind.String:
                return string.Equals(left.AsString, right.AsString, StringComparison.Ordinal);
            case ExpressionValueKind.Array:
                return ArraysEqual(left, right);
            default:
                return ObjectsEqual(left, right);
        }
    }

    /// <summary>Orders two numbers or two strings (ordinal); any other pair has no order and returns null.</summary>
    public static int? Order(in ExpressionValue left, in ExpressionValue right)
    {
        if (left.Kind == ExpressionValueKind.Number && right.Kind == ExpressionValueKind.Number)
        {
            return CompareNumbers(left, right);
        }

        if (left.Kind == ExpressionValueKind.String && right.Kind == ExpressionValueKind.String)
        {
            return string.CompareOrdinal(left.AsString, right.AsString);
        }

        return null;
    }

    /// <summary>
    /// <c>item in container</c>: an equal item of a list, a substring of a string, or a property name of an object.
    /// Anything else is false.
    /// </summary>
    public static bool In(in ExpressionValue item, in ExpressionValue container)
    {
        switch (container.Kind)
        {
            case ExpressionValueKind.Array:
                var count = container.Count;
                for (var i = 0; i < count; i++)
                {
                    if (Equal(item, container.ItemAt(i)))
                    {
                        return true;
                    }
                }

                return false;
            case ExpressionValueKind.String:
                return item.Kind == ExpressionValueKind.String && container.AsString.Contains(item.AsString, StringComparison.Ordinal);
            case ExpressionValueKind.Object:
                return item.Kind == ExpressionValueKind.String && container.AsObject.ContainsKey(item.AsString);
            default:
                return false;
        }
    }

    private static int CompareNumbers(in ExpressionValue left, in ExpressionValue right) =>
        left.IsExactNumber && right.IsExactNumber
            ? left.AsDecimal.CompareTo(right.AsDecimal)
            : left.AsDouble.CompareTo(right.AsDouble);

    private static bool ArraysEqual(in ExpressionValue left, in ExpressionValue right)
    {
        var count = left.Count;
        if (count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!Equal(left.ItemAt(i), right.ItemAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ObjectsEqual(in ExpressionValue left, in ExpressionValue right)
    {
        var leftObject = left.AsObject;
        var rightObject = right.AsObject;
        if (leftObject.Count != rightObject.Count)
        {
            return false;
        }

        foreach (var (name, value) in leftObject)
        {
            if (!rightObject.TryGetPropertyValue(name, out var other)
                || !Equal(ExpressionValue.FromNode(value), ExpressionValue.FromNode(other)))
            {
                return false;
            }
        }

        return true;
    }
}
