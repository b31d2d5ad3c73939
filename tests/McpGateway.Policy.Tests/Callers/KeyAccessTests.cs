using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

public sealed class KeyAccessTests
{
    [Fact]
    public void MayCall_NoKey_True() => Assert.True(KeyAccess.MayCall(null, TestCalls.Card()));

    [Fact]
    public void MayCall_ReadScopeOnly_False() => Assert.False(KeyAccess.MayCall(TestCalls.Key(Scopes.ToolsRead), TestCalls.Card()));

    [Fact]
    public void MayList_ReadScopeOnly_True() => Assert.True(KeyAccess.MayList(TestCalls.Key(Scopes.ToolsRead), TestCalls.Card()));

    [Fact]
    public void MayCall_ReadOnlyKeyAndWriteTool_False() =>
        Assert.False(KeyAccess.MayCall(TestCalls.Key() with { ReadOnly = true }, TestCalls.Card()));

    [Fact]
    public void MayCall_ReadOnlyKeyAndReadOnlyTool_True() =>
        Assert.True(KeyAccess.MayCall(TestCalls.Key() with { ReadOnly = true }, TestCalls.Card() with { ReadOnly = true }));

    [Fact]
    public void MayList_ToolOutsideAllowedTools_False() =>
        Assert.False(KeyAccess.MayList(TestCalls.Key() with { AllowedTools = ["crm__*"] }, TestCalls.Card("billing__refund")));

    [Fact]
    public void MatchesAllowedTools_NoGlobs_True() => Assert.True(KeyAccess.MatchesAllowedTools(TestCalls.Key(), "anything__at_all"));

    [Fact]
    public void MatchesAllowedTools_SecondGlobMatches_True() =>
        Assert.True(KeyAccess.MatchesAllowedTools(TestCalls.Key() with { AllowedTools = ["crm__*", "billing__ref*"] }, "billing__refund"));

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "billing__*" }, true)]
    [InlineData(new[] { "crm__*", "billing__refund" }, true)]
    [InlineData(new[] { "crm__*" }, false)]
    public void ReachesConnector_AllowedToolsMatchingOneOfItsTools(string[] allowedTools, bool expected) =>
        Assert.Equal(expected, KeyAccess.ReachesConnector(TestCalls.Key() with { AllowedTools = allowedTools }, [TestCalls.Card("billing__refund"), TestCalls.Card("billing__charge")]));

    [Theory]
    [InlineData("crm://customers/cust_1", true)]
    [InlineData("crm://customers/cust_1/notes?page=2", true)]
    [InlineData("crm://search?customer=cust_1", true)]
    [InlineData("crm://customers/cust_2", false)]
    [InlineData("crm://customers/cust_10", false)]
    [InlineData("file:///cust_1x.txt", false)]
    public void MayReadResourceUri_ASegmentIsOneOfItsResources(string uri, bool expected) =>
        Assert.Equal(expected, KeyAccess.MayReadResourceUri(TestCalls.Key() with { Resources = ["cust_1"] }, uri));

    [Fact]
    public void MayReadResourceUri_NoGateOrNoKey_True()
    {
        Assert.True(KeyAccess.MayReadResourceUri(TestCalls.Key(), "anything://at/all"));
        Assert.True(KeyAccess.MayReadResourceUri(null, "anything://at/all"));
    }

    [Fact]
    public void ResourceOutside_IdArgumentNotAmongResources_NamesIt()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1"] };

        Assert.Null(KeyAccess.ResourceOutside(key, new System.Text.Json.Nodes.JsonObject { ["customer_id"] = "cust_1", ["name"] = "Ann" }));
        Assert.Equal("customer_id = 'cust_2'", KeyAccess.ResourceOutside(key, new System.Text.Json.Nodes.JsonObject { ["customer_id"] = "cust_2" }));
    }
}
