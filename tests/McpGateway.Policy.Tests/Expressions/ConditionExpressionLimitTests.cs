using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

/// <summary>Size and depth limits: what an attacker's 750 KB <c>a or a or …</c> gets (an error), and what a long legal chain costs.</summary>
public sealed class ConditionExpressionLimitTests
{
    [Fact]
    public void Parse_OrChainOf150000Terms_ThrowsNamingTheLengthLimit()
    {
        var text = Chain("a", " or ", 150_000);

        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse(text));

        Assert.Equal(ExpressionLimits.MaxLength, error.Position);
        Assert.Contains("the limit is 16384 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{text.Length} characters long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TextOneOverTheLimit_ReturnsTheLengthError()
    {
        var text = "a == '" + new string('x', ExpressionLimits.MaxLength - 6) + "'";

        var parsed = ConditionExpression.TryParse(text, null, out _, out var error);

        Assert.False(parsed);
        Assert.Contains("16384", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextAtTheLimit_Parses()
    {
        var text = "a == '" + new string('x', ExpressionLimits.MaxLength - 7) + "'";

        Assert.Equal(ExpressionLimits.MaxLength, text.Length);
        Assert.Equal(["a"], ConditionExpression.Parse(text).Paths);
    }

    [Fact]
    public void ParseFieldCondition_OversizedText_ThrowsNamingTheLengthLimit()
    {
        var text = "== " + Chain("a", " or ", 10_000);

        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.ParseFieldCondition("balance", text));

        Assert.Contains("the limit is 16384 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LongestOrChainWithinTheLimit_RunsOnASmallStack()
    {
        // Over 3,000 operands: as a left-leaning tree, evaluating it took one stack frame per operand.
        var text = Chain("args.x", " or ", (ExpressionLimits.MaxLength - 15) / 10) + " or args.y == 1";
        var expression = ConditionExpression.Parse(text);
        var variables = new JsonObject { ["args"] = new JsonObject { ["y"] = 1 } };
        bool? result = null;

        var thread = new Thread(() => result = expression.Evaluate(variables), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.True(result);
    }

    [Theory]
    [InlineData("a and b and c", true, true, true, true)]
    [InlineData("a and b and c", true, false, true, false)]
    [InlineData("a or b or c", false, false, true, true)]
    [InlineData("a or b or c", false, false, false, false)]
    [InlineData("a and b or c", true, false, true, true)]
    [InlineData("a or b and c", false, true, false, false)]
    [InlineData("a and (b or c) and not c", true, true, false, true)]
    public void Evaluate_Chains_KeepPrecedence(string text, bool a, bool b, bool c, bool expected)
    {
        var variables = new JsonObject { ["a"] = a, ["b"] = b, ["c"] = c };

        Assert.Equal(expected, ConditionExpression.Parse(text).Evaluate(variables));
    }

    [Fact]
    public void Parse_ManyDistinctPaths_ListsEachOnce()
    {
        var text = string.Join(" or ", Enumerable.Range(0, 800).Select(i => $"args.p{i % 400} == 1"));

        var expression = ConditionExpression.Parse(text);

        Assert.Equal(400, expression.Paths.Count);
        Assert.Equal("args.p0", expression.Paths[0]);
    }

    [Fact]
    public void Parse_DeepNesting_NamesTheDepthLimit()
    {
        var text = new string('(', 65) + "1" + new string(')', 65);

        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.Parse(text));

        Assert.Contains("more than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_LongText_KeepsTheStartAndTheLength()
    {
        var quoted = ExpressionLimits.Quote(new string('a', 1_000));

        Assert.Equal(new string('a', ExpressionLimits.QuotedLength) + "… (1000 characters)", quoted);
    }

    private static string Chain(string term, string separator, int count)
    {
        var builder = new StringBuilder(term);
        for (var i = 1; i < count; i++)
        {
            builder.Append(separator).Append(term);
        }

        return builder.ToString();
    }
}
