using System.Text.Json.Nodes;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

public sealed class ConditionExpressionValueTests
{
    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'back\\slash'", @"back\slash")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'\d+'", @"\d+")]
    public void EvaluateValue_StringEscapes_AreApplied(string text, string expected)
    {
        var value = ConditionExpression.Parse(text).EvaluateValue([]);

        Assert.Equal(expected, value!.GetValue<string>());
    }

    [Fact]
    public void EvaluateValue_Path_ReturnsRawValue()
    {
        var value = ConditionExpression.Parse("args.branch").EvaluateValue(Variables.Create());

        Assert.Equal("main", value!.GetValue<string>());
    }

    [Fact]
    public void EvaluateValue_Object_ReturnsDetachedCopy()
    {
        var variables = Variables.Create();

        var value = ConditionExpression.Parse("args.customer").EvaluateValue(variables);
        var holder = new JsonObject { ["copy"] = value };

        Assert.Equal("c-1", holder["copy"]!["id"]!.GetValue<string>());
        Assert.NotSame(variables["args"]!["customer"], value);
    }

    [Fact]
    public void EvaluateValue_ListLiteral_ReturnsArray()
    {
        var value = ConditionExpression.Parse("[1, 'a', tool, null]").EvaluateValue(Variables.Create());

        Assert.Equal("""[1,"a","git__push",null]""", value!.ToJsonString());
    }

    [Fact]
    public void EvaluateValue_Comparison_ReturnsBoolean()
    {
        var value = ConditionExpression.Parse("args.count > 1 and args.flag").EvaluateValue(Variables.Create());

        Assert.True(value!.GetValue<bool>());
    }

    [Fact]
    public void EvaluateValue_MissingPath_ReturnsNull()
    {
        Assert.Null(ConditionExpression.Parse("args.missing.deeper").EvaluateValue(Variables.Create()));
    }

    [Fact]
    public void Evaluate_ValuesBuiltFromClrTypes_CompareNumerically()
    {
        var variables = new JsonObject { ["n"] = 5, ["d"] = 2.5m, ["f"] = 0.5, ["big"] = 9007199254740993L, ["s"] = "x", ["b"] = true };

        var expression = ConditionExpression.Parse(
            "n == 5.0 and d > 2 and f < 1 and big == 9007199254740993 and big != 9007199254740992 and s == 'x' and b == true");

        Assert.True(expression.Evaluate(variables));
    }

    [Fact]
    public void Evaluate_SameExpressionManyVariables_EvaluatesEach()
    {
        var expression = ConditionExpression.Parse("args.branch == 'main'");

        var onMain = expression.Evaluate(new JsonObject { ["args"] = new JsonObject { ["branch"] = "main" } });
        var onDev = expression.Evaluate(new JsonObject { ["args"] = new JsonObject { ["branch"] = "dev" } });
        var withoutArgs = expression.Evaluate([]);

        Assert.True(onMain);
        Assert.False(onDev);
        Assert.False(withoutArgs);
    }
}
