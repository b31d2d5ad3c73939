using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

public sealed class ConditionExpressionEvaluateTests
{
    private static bool Evaluate(string text) => ConditionExpression.Parse(text).Evaluate(Variables.Create());

    [Theory]
    [InlineData("tool == 'git__push'", true)]
    [InlineData("tool == 'GIT__PUSH'", false)]
    [InlineData("tool == \"git__push\" and args.branch == 'main'", true)]
    [InlineData("args.branch != 'main'", false)]
    [InlineData("args.branch != 'dev'", true)]
    public void Evaluate_Equality_ComparesStringsOrdinally(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.count == 3.0")]
    [InlineData("1 == 1.0")]
    [InlineData("args.price == 1.50")]
    [InlineData("-2 == -2.0")]
    public void Evaluate_NumbersWrittenDifferently_AreEqual(string text) => Assert.True(Evaluate(text));

    [Theory]
    [InlineData("args.count < 4", true)]
    [InlineData("args.count < 3", false)]
    [InlineData("args.count <= 3", true)]
    [InlineData("args.count > 2", true)]
    [InlineData("args.count >= 4", false)]
    [InlineData("args.price > 1.25", true)]
    [InlineData("-1 < 0", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("'B' < 'a'", true)]
    public void Evaluate_Ordering_ComparesNumbersAndStrings(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.count < 'z'")]
    [InlineData("args.count > 'z'")]
    [InlineData("'1' < 2")]
    [InlineData("null < 1")]
    [InlineData("args.nothing >= 0")]
    [InlineData("args.missing <= 0")]
    [InlineData("true > false")]
    [InlineData("args.count == '3'")]
    public void Evaluate_MismatchedTypes_IsFalse(string text) => Assert.False(Evaluate(text));

    [Theory]
    [InlineData("args.branch in ['main', 'release']", true)]
    [InlineData("args.branch in ['dev']", false)]
    [InlineData("args.count in [1, 3.0]", true)]
    [InlineData("'a' in args.tags", true)]
    [InlineData("args.branch in [tool, args.customer.id]", false)]
    [InlineData("args.branch not in ['dev', 'test']", true)]
    [InlineData("args.branch not in ['main']", false)]
    public void Evaluate_InList_TestsMembership(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("'push' in tool", true)]
    [InlineData("'PUSH' in tool", false)]
    [InlineData("3 in '123'", false)]
    [InlineData("'plan' in args.customer", true)]
    [InlineData("'x' in args.count", false)]
    public void Evaluate_InStringOrObject_TestsSubstringOrKey(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.tags contains 'b'", true)]
    [InlineData("args.tags contains 'c'", false)]
    [InlineData("tool contains '__'", true)]
    [InlineData("[1, 2] contains 2.0", true)]
    [InlineData("args.missing contains 'a'", false)]
    public void Evaluate_Contains_TestsListOrSubstring(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("tool starts_with 'git__'", true)]
    [InlineData("tool starts_with 'push'", false)]
    [InlineData("args.path ends_with '.txt'", true)]
    [InlineData("args.path ends_with '.TXT'", false)]
    [InlineData("args.count starts_with '3'", false)]
    public void Evaluate_StartsWithEndsWith_ComparesOrdinally(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.path matches '^/home/[a-z]+/'", true)]
    [InlineData("'a42' matches '^a\\d+$'", true)]
    [InlineData("'abab' matches '^(ab)\\1$'", true)]
    [InlineData("tool matches args.pattern", true)]
    [InlineData("tool matches args.badPattern", false)]
    [InlineData("args.count matches '3'", false)]
    public void Evaluate_Matches_UsesRegex(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("true or false and false", true)]
    [InlineData("(true or false) and false", false)]
    [InlineData("not false and false", false)]
    [InlineData("not (false and false)", true)]
    [InlineData("not args.count == 4", true)]
    [InlineData("false or not false", true)]
    [InlineData("!(tool == 'x') && (args.count > 5 || args.flag)", true)]
    public void Evaluate_Precedence_OrBelowAndBelowNotBelowComparison(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.flag", true)]
    [InlineData("args.count", true)]
    [InlineData("args.tags", true)]
    [InlineData("args.customer", true)]
    [InlineData("args.empty", false)]
    [InlineData("args.nothing", false)]
    [InlineData("0", false)]
    [InlineData("[]", false)]
    [InlineData("'x' and 1", true)]
    public void Evaluate_Truthiness_NullFalseZeroEmptyAreFalse(string text, bool expected) => Assert.Equal(expected, Evaluate(text));

    [Theory]
    [InlineData("args.customer.id == 'c-1'")]
    [InlineData("args.items[1].sku == 'X2'")]
    [InlineData("args['customer']['plan'] == 'pro'")]
    [InlineData("state.balance >= 10")]
    public void Evaluate_NestedPaths_ReadObjectsAndArrays(string text) => Assert.True(Evaluate(text));

    [Theory]
    [InlineData("args.missing == null")]
    [InlineData("args.items[5].sku == null")]
    [InlineData("args.customer.id.deeper == null")]
    [InlineData("tool.name == null")]
    [InlineData("args.items.sku == null")]
    [InlineData("args.customer[0] == null")]
    [InlineData("nowhere.at.all == null")]
    public void Evaluate_MissingPath_IsNull(string text) => Assert.True(Evaluate(text));

    [Theory]
    [InlineData("args.tags == ['a', 'b']", true)]
    [InlineData("args.tags == ['b', 'a']", false)]
    [InlineData("args.items[0] == args.items[0]", true)]
    [InlineData("args.items[0] == args.items[1]", false)]
    [InlineData("[tool, 1] == ['git__push', 1.0]", true)]
    public void Evaluate_ListsAndObjects_CompareStructurally(string text, bool expected) => Assert.Equal(expected, Evaluate(text));
}
