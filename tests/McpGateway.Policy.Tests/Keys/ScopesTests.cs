using McpGateway.Policy.Keys;

namespace McpGateway.Policy.Tests.Keys;

public sealed class ScopesTests
{
    [Theory]
    [InlineData("tools:call")]
    [InlineData("*")]
    [InlineData("admin")]
    [InlineData("tools:*")]
    public void Allows_GrantCoversToolsCall_True(string granted) => Assert.True(Scopes.Allows([granted], Scopes.ToolsCall));

    [Theory]
    [InlineData("tools:read")]
    [InlineData("flows:*")]
    [InlineData("tool:*")]
    [InlineData("tools")]
    public void Allows_GrantDoesNotCoverToolsCall_False(string granted) => Assert.False(Scopes.Allows([granted], Scopes.ToolsCall));

    [Fact]
    public void Allows_NoGrants_False() => Assert.False(Scopes.Allows([], Scopes.ToolsCall));

    [Fact]
    public void Allows_OneOfSeveralGrantsCovers_True() => Assert.True(Scopes.Allows([Scopes.TracesRead, Scopes.ToolsCall], Scopes.ToolsCall));
}
