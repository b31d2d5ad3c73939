using McpGateway.Policy.Keys;

namespace McpGateway.Policy.Tests.Keys;

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
}
