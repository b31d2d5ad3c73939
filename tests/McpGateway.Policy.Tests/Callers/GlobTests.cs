using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

public sealed class GlobTests
{
    [Theory]
    [InlineData("billing__*", "billing__refund")]
    [InlineData("*__get_*", "crm__get_contact")]
    [InlineData("crm__get_?", "crm__get_a")]
    [InlineData("a*b*c", "axxbyyc")]
    [InlineData("*", "")]
    [InlineData("*", "anything")]
    [InlineData("exact", "exact")]
    public void IsMatch_TextFitsPattern_True(string pattern, string text) => Assert.True(Glob.IsMatch(pattern, text));

    [Theory]
    [InlineData("billing__*", "crm__refund")]
    [InlineData("billing__*", "xbilling__refund")]
    [InlineData("crm__get_?", "crm__get_ab")]
    [InlineData("a*c", "abcd")]
    [InlineData("", "x")]
    [InlineData("Billing__*", "billing__refund")]
    public void IsMatch_TextDoesNotFitWholePattern_False(string pattern, string text) => Assert.False(Glob.IsMatch(pattern, text));
}
