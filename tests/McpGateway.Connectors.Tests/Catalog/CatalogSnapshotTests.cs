using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Tests.Catalog;

public sealed class CatalogSnapshotTests
{
    private static readonly JsonElement EmptySchema = JsonSerializer.SerializeToElement(new { type = "object" });

    [Fact]
    public void Publish_UnannotatedTool_DefaultsToDestructiveNotIdempotent()
    {
        var catalog = new ToolCatalog();

        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "write", InputSchema = EmptySchema }), CatalogChange.All);

        var card = catalog.Current.ByName["a__write"];
        Assert.True(card.Destructive);
        Assert.False(card.Idempotent);
        Assert.False(card.ReadOnly);
        Assert.Equal("high", card.Risk);
    }

    [Fact]
    public void Publish_ReadOnlyAnnotation_ImpliesIdempotentAndLowRisk()
    {
        var catalog = new ToolCatalog();

        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "get", InputSchema = EmptySchema, Annotations = new ToolAnnotations { ReadOnlyHint = true } }), CatalogChange.All);

        var card = catalog.Current.ByName["a__get"];
        Assert.True(card.ReadOnly);
        Assert.True(card.Idempotent);
        Assert.False(card.Destructive);
        Assert.Equal("low", card.Risk);
    }

    [Fact]
    public void Publish_ConfigOverrides_WinOverAnnotationsAndDisabledToolsAreHidden()
    {
        var connector = Connector("a") with
        {
            Tools = new Dictionary<string, ToolOverride>
            {
                ["get"] = new() { Description = "Mine.", ReadOnly = false, Destructive = false, Timeout = TimeSpan.FromSeconds(3) },
                ["hidden"] = new() { Enabled = false },
            },
        };
        var catalog = new ToolCatalog();

        catalog.Publish(connector, Inventory(
            new Tool { Name = "get", Description = "Theirs.", InputSchema = EmptySchema, Annotations = new ToolAnnotations { ReadOnlyHint = true } },
            new Tool { Name = "hidden", InputSchema = EmptySchema }), CatalogChange.All);

        var card = Assert.Single(catalog.Current.Cards);
        Assert.Equal("Mine.", card.Description);
        Assert.False(card.ReadOnly);
        Assert.Equal(TimeSpan.FromSeconds(3), card.Timeout);
        Assert.Equal("a__get", card.ToProtocolTool(card.Name).Name);
        Assert.Equal("get", card.UpstreamName);
    }

    [Fact]
    public void TryResolve_ConnectorScope_UsesUpstreamNames()
    {
        var catalog = new ToolCatalog();
        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "echo", InputSchema = EmptySchema }), CatalogChange.All);
        catalog.Publish(Connector("b"), Inventory(new Tool { Name = "echo", InputSchema = EmptySchema }), CatalogChange.All);

        Assert.True(catalog.Current.TryResolve("echo", "b", out var scoped));
        Assert.Equal("b", scoped.Connector);
        Assert.False(catalog.Current.TryResolve("echo", null, out _));
        Assert.True(catalog.Current.TryResolve("a__echo", null, out var aggregated));
        Assert.Equal("a", aggregated.Connector);
    }

    [Fact]
    public void Remove_RaisesChangedAndDropsTools()
    {
        var catalog = new ToolCatalog();
        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "echo", InputSchema = EmptySchema }), CatalogChange.All);
        var changes = new List<(string, CatalogChange)>();
        catalog.Changed += (c, k) => changes.Add((c, k));

        catalog.Remove("a");

        Assert.Empty(catalog.Current.Cards);
        Assert.Equal([("a", CatalogChange.All)], changes);
    }

    [Fact]
    public void DefinitionHash_ChangesWhenDescriptionChanges()
    {
        var catalog = new ToolCatalog();
        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "t", Description = "one", InputSchema = EmptySchema }), CatalogChange.All);
        var before = catalog.Current.ByName["a__t"].DefinitionHash;

        catalog.Publish(Connector("a"), Inventory(new Tool { Name = "t", Description = "two", InputSchema = EmptySchema }), CatalogChange.All);

        Assert.NotEqual(before, catalog.Current.ByName["a__t"].DefinitionHash);
    }

    private static ConnectorConfig Connector(string name) => new() { Name = name, Kind = ConnectorKind.McpStdio, Command = "x" };

    private static UpstreamInventory Inventory(params Tool[] tools) => new() { Tools = tools };
}
