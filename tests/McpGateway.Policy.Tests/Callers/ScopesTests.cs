using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

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

    [Theory]
    [InlineData("resources:read", "resources:read")]
    [InlineData("resources:*", "resources:read")]
    [InlineData("tools:read", "resources:read")]
    [InlineData("tools:*", "resources:read")]
    [InlineData("prompts:read", "prompts:read")]
    [InlineData("tools:read", "prompts:read")]
    public void Allows_ResourcesAndPromptsReadByTheirScopeOrToolsRead_True(string granted, string required) =>
        Assert.True(Scopes.Allows([granted], required));

    [Theory]
    [InlineData("tools:call", "resources:read")]
    [InlineData("approvals:read", "resources:read")]
    [InlineData("resources:read", "prompts:read")]
    [InlineData("prompts:read", "tools:read")]
    [InlineData("resources:read", "tools:read")]
    public void Allows_OtherScopes_DoNotGrantResourcesOrPrompts(string granted, string required) =>
        Assert.False(Scopes.Allows([granted], required));

    [Theory]
    [InlineData("resources:read")]
    [InlineData("prompts:read")]
    [InlineData("resources:*")]
    public void IsValid_NewScopes_True(string scope) => Assert.True(Scopes.IsValid(scope));
}
