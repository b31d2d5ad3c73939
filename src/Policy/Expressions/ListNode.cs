using System.Text.Json.Nodes;

namespace McpGateway.Policy.Expressions;

/// <summary>A list literal such as <c>[1, 'a', x.y]</c>; a list of constants is built once, at parse time.</summary>
internal sealed class ListNode : ExpressionNode
{
    private readonly ExpressionNode[] _items;
    private readonly ExpressionValue[]? _constant;

    public override IEnumerable<ExpressionNode> Children => _items;

    public ListNode(ExpressionNode[] items)
    {
        _items = items;
        var constant = new ExpressionValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not LiteralNode literal)
            {
                return;
            }

            constant[i] = literal.Value;
        }

        _constant = constant;
    }

    public override ExpressionValue Evaluate(JsonObject variables)
    {
        if (_constant is not null)
        {
            return ExpressionValue.FromList(_constant);
        }

        var values = new ExpressionValue[_items.Length];
        for (var i = 0; i < _items.Length; i++)
        {
            values[i] = _items[i].Evaluate(variables);
        }

        return ExpressionValue.FromList(values);
    }
}
