using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

public sealed class ConditionExpressionParseTests
{
    private static readonly string[] Roots = ["args", "tool", "connector", "agent", "env", "workflow", "action", "state"];

    [Fact]
    public void Paths_RepeatedAndNested_ListsEachOnceInOrder()
    {
        var expression = ConditionExpression.Parse(
            "tool == 'x' and args.branch == 'main' or args.branch in [state.balance, args.items[0].sku] and args['a b'] == 1");

        Assert.Equal(["tool", "args.branch", "state.balance", "args.items[0].sku", "args['a b']"], expression.Paths);
    }

    [Fact]
    public void StringsComparedWith_Tool_EveryConstantComparedOrListedOnly()
    {
        var expression = ConditionExpression.Parse(
            "(tool == 'a__x' or 'a__y' != tool) and not (tool in ['a__z', 1, args.t]) and tool not in ['a__x'] " +
            "and args.name == 'not__a_tool' and tool matches 'a__.*' and tool starts_with 'b__'");

        Assert.Equal(["a__x", "a__y", "a__z"], expression.StringsComparedWith("tool").Order(StringComparer.Ordinal));
        Assert.Empty(ConditionExpression.Parse("args.a == 1").StringsComparedWith("tool"));
    }

    [Fact]
    public void Text_AfterParse_IsTheInput()
    {
        const string text = "tool == 'git__push' and args.branch == 'main'";

        Assert.Equal(text, ConditionExpression.Parse(text).Text);
    }

    [Fact]
    public void Parse_KeywordAfterDot_IsAMemberName()
    {
        var expression = ConditionExpression.Parse("args.in == 1 and args.not.matches == null");

        Assert.Equal(["args.in", "args.not.matches"], expression.Paths);
    }

    [Theory]
    [InlineData("tool == 'abc", 8, "unterminated string")]
    [InlineData("tool == \"abc\\\"", 8, "unterminated string")]
    [InlineData("tool == 'x' and a ==", 20, "expected a value after '==' but found end of expression")]
    [InlineData("tool == 'x' and", 15, "expected a value after 'and' but found end of expression")]
    [InlineData("not", 3, "expected a value after 'not' but found end of expression")]
    [InlineData("", 0, "expected a value but found end of expression")]
    [InlineData("tool == == 'x'", 8, "expected a value after '==' but found '=='")]
    [InlineData("(tool == 'x'", 12, "expected ')' to close '(' at 0 but found end of expression")]
    [InlineData("tool == 'x')", 11, "unexpected ')' without a matching '('")]
    [InlineData("tool in ['a', 'b'", 17, "expected ',' or ']' in the list started at 8 but found end of expression")]
    [InlineData("a == b == c", 7, "comparisons cannot be chained")]
    [InlineData("tool = 'x'", 5, "use '=='")]
    [InlineData("a & b", 2, "use '&&' or 'and'")]
    [InlineData("tool 'x'", 5, "expected 'and', 'or' or end of expression but found ''x''")]
    [InlineData("args.", 5, "expected a name after '.' but found end of expression")]
    [InlineData("args.items[-1]", 11, "expected an index")]
    [InlineData("args.x matches '(unclosed'", 15, "invalid regular expression after 'matches'")]
    public void Parse_InvalidText_ThrowsWithPosition(string text, int position, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.StartsWith($"at {position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DanglingOperator_NamesPositionAndExpectation()
    {
        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse("args.branch == 'x' and tool =="));

        Assert.Equal("at 30: expected a value after '==' but found end of expression", error.Message);
    }

    [Theory]
    [InlineData("argz.branch == 'main'", 0)]
    [InlineData("tool == 'x' and (state.balance > 0 or secrets.key == 1)", 38)]
    [InlineData("tool in [args.a, toolz]", 17)]
    public void Parse_UnknownRootWithAllowedRoots_ThrowsAtRoot(string text, int position)
    {
        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse(text, Roots));

        Assert.Equal(position, error.Position);
        Assert.Contains("unknown name", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of args, tool, connector, agent, env, workflow, action, state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownRootWithoutAllowedRoots_IsAccepted()
    {
        var expression = ConditionExpression.Parse("argz.branch == 'main'");

        Assert.False(expression.Evaluate(Variables.Create()));
    }

    [Fact]
    public void Parse_KnownRootsWithAllowedRoots_Succeeds()
    {
        var expression = ConditionExpression.Parse("tool == 'git__push' and args.branch == 'main' and state.balance > 0", Roots);

        Assert.True(expression.Evaluate(Variables.Create()));
    }

    [Fact]
    public void Parse_DeepNesting_ThrowsInsteadOfOverflowing()
    {
        var text = new string('(', 500) + "1" + new string(')', 500);

        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse(text));

        Assert.Contains("nests more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ValidText_ReturnsExpression()
    {
        var parsed = ConditionExpression.TryParse("tool == 'x'", Roots, out var expression, out var error);

        Assert.True(parsed);
        Assert.NotNull(expression);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_InvalidText_ReturnsError()
    {
        var parsed = ConditionExpression.TryParse("argz == 1", Roots, out var expression, out var error);

        Assert.False(parsed);
        Assert.Null(expression);
        Assert.Equal(0, error!.Position);
    }
}
