using McpGateway.Connectors.Catalog;

namespace McpGateway.Connectors.Tests.Catalog;

public sealed class ToolNamingTests
{
    [Fact]
    public void Assign_PlainNames_AreConnectorDoubleUnderscoreTool()
    {
        var names = ToolNaming.Assign([("github", "create_issue")]);

        Assert.Equal("github__create_issue", names[("github", "create_issue")]);
    }

    [Fact]
    public void Assign_InvalidCharacters_BecomeUnderscores()
    {
        var names = ToolNaming.Assign([("fs", "read.file/v2")]);

        Assert.Equal("fs__read_file_v2", names[("fs", "read.file/v2")]);
    }

    [Fact]
    public void Assign_LongName_IsShortenedTo64WithStableHash()
    {
        var tool = new string('t', 100);

        var first = ToolNaming.Assign([("svc", tool)])[("svc", tool)];
        var second = ToolNaming.Assign([("svc", tool)])[("svc", tool)];

        Assert.Equal(64, first.Length);
        Assert.Equal(first, second);
        Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", first);
    }

    [Fact]
    public void Assign_Collision_ResolvedTheSameWayWhateverTheOrder()
    {
        (string, string)[] items = [("fs", "read.file"), ("fs", "read_file"), ("fs", "read-file")];

        var forward = ToolNaming.Assign(items);
        var backward = ToolNaming.Assign(items.Reverse());

        Assert.Equal(3, forward.Values.Distinct().Count());
        Assert.All(items, i => Assert.Equal(forward[i], backward[i]));
        Assert.Equal("fs__read_file", forward[("fs", "read_file")]);
        Assert.All(forward.Values, n => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", n));
    }

    [Fact]
    public void ResourceNaming_WrapAndUnwrap_RoundTrip()
    {
        var wrapped = ResourceNaming.WrapUri("docs", "file:///a/b.txt");

        Assert.True(ResourceNaming.TryUnwrapUri(wrapped, out var connector, out var inner));
        Assert.Equal(("docs", "file:///a/b.txt"), (connector, inner));
        Assert.True(Uri.IsWellFormedUriString(wrapped, UriKind.Absolute));
        Assert.False(ResourceNaming.TryUnwrapUri("file:///no-namespace", out _, out _));
    }
}
