using System.Text.Json.Nodes;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

public sealed class FieldConditionTests
{
    [Theory]
    [InlineData(5, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void ParseFieldCondition_Operator_BehavesLikeFullExpression(int balance, bool expected)
    {
        var variables = new JsonObject { ["balance"] = balance };

        var shorthand = ConditionExpression.ParseFieldCondition("balance", "> 0");

        Assert.Equal("balance > 0", shorthand.Text);
        Assert.Equal(expected, shorthand.Evaluate(variables));
        Assert.Equal(ConditionExpression.Parse("balance > 0").Evaluate(variables), shorthand.Evaluate(variables));
    }

    [Theory]
    [InlineData("status", "open", "status == 'open'", "open", true)]
    [InlineData("status", "open", "status == 'open'", "closed", false)]
    [InlineData("status", "hello world", "status == 'hello world'", "hello world", true)]
    [InlineData("status", "'quoted'", "status == 'quoted'", "quoted", true)]
    [InlineData("status", "it's", "status == 'it\\'s'", "it's", true)]
    public void ParseFieldCondition_PlainText_IsStringEquality(string field, string text, string expectedText, string value, bool expected)
    {
        var condition = ConditionExpression.ParseFieldCondition(field, text);

        Assert.Equal(expectedText, condition.Text);
        Assert.Equal(expected, condition.Evaluate(new JsonObject { [field] = value }));
    }

    [Fact]
    public void ParseFieldCondition_NumberOrBoolean_KeepsType()
    {
        var variables = new JsonObject { ["count"] = 42, ["active"] = true, ["code"] = "42" };

        Assert.True(ConditionExpression.ParseFieldCondition("count", "42").Evaluate(variables));
        Assert.True(ConditionExpression.ParseFieldCondition("active", "true").Evaluate(variables));
        Assert.False(ConditionExpression.ParseFieldCondition("code", "42").Evaluate(variables));
        Assert.True(ConditionExpression.ParseFieldCondition("code", "'42'").Evaluate(variables));
    }

    [Theory]
    [InlineData("in ['pro','team']", "pro", true)]
    [InlineData("in ['pro','team']", "free", false)]
    [InlineData("not in ['free']", "pro", true)]
    [InlineData("!= 'free'", "pro", true)]
    [InlineData("starts_with 'pr'", "pro", true)]
    [InlineData("ends_with 'am'", "team", true)]
    [InlineData("contains 'ea'", "team", true)]
    [InlineData("matches '^t'", "team", true)]
    [InlineData("== 'pro'", "pro", true)]
    public void ParseFieldCondition_EachOperator_ComparesField(string text, string plan, bool expected)
    {
        var condition = ConditionExpression.ParseFieldCondition("plan", text);

        Assert.Equal(expected, condition.Evaluate(new JsonObject { ["plan"] = plan }));
    }

    [Fact]
    public void ParseFieldCondition_NestedFieldAndPathOperand_ListsBothPaths()
    {
        var condition = ConditionExpression.ParseFieldCondition("state.balance", ">= state.minimum");
        var variables = new JsonObject { ["state"] = new JsonObject { ["balance"] = 10, ["minimum"] = 5 } };

        Assert.Equal("state.balance >= state.minimum", condition.Text);
        Assert.Equal(["state.balance", "state.minimum"], condition.Paths);
        Assert.True(condition.Evaluate(variables));
    }

    [Theory]
    [InlineData("balance", "> ", 2, "expected a value after '>' but found end of expression")]
    [InlineData("balance", "> 0 and x", 4, "expected 'and', 'or' or end of expression")]
    [InlineData("balance", "in ['a'", 7, "expected ',' or ']'")]
    [InlineData("bal ance", "> 0", 4, "field path 'bal ance'")]
    [InlineData("", "> 0", 0, "field path ''")]
    public void ParseFieldCondition_Invalid_ThrowsWithPosition(string field, string text, int position, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => ConditionExpression.ParseFieldCondition(field, text));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
