using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Resolve;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Resolve;

public sealed class ResolveStageTests : IAsyncLifetime
{
    private readonly ToolCatalog _catalog = new();
    private UpstreamHub _hub = null!;

    public Task InitializeAsync()
    {
        _hub = new UpstreamHub(_catalog, new SecretValues(), new UpstreamOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        _catalog.Publish(
            new ConnectorConfig { Name = "demo", Kind = ConnectorKind.McpStdio, Command = "x" },
            new UpstreamInventory { Tools = [new Tool { Name = "echo", InputSchema = JsonSerializer.SerializeToElement(new { type = "object" }) }] },
            CatalogChange.All);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_KnownTool_SetsCardAndContinues()
    {
        var context = new ToolCallContext("demo__echo", null, new CallerIdentity("mcp"), CancellationToken.None);

        var outcome = await new ResolveStage(_catalog, _hub).InvokeAsync(context, _ => ValueTask.FromResult(ToolCallOutcome.Cancelled("reached")));

        Assert.Equal("echo", context.Card!.UpstreamName);
        Assert.Equal("reached", outcome.Message);
    }

    [Fact]
    public async Task InvokeAsync_UnknownTool_FaultsWithoutCallingNext()
    {
        var context = new ToolCallContext("demo__nope", null, new CallerIdentity("mcp"), CancellationToken.None);
        var ran = false;

        var outcome = await new ResolveStage(_catalog, _hub).InvokeAsync(context, _ => { ran = true; return ValueTask.FromResult(ToolCallOutcome.Cancelled("x")); });

        Assert.False(ran);
        Assert.Equal(ToolCallFault.UnknownTool, outcome.Fault);
        Assert.Contains("demo__nope", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_QuarantinedTool_RefusesWithReasonWithoutCallingNext()
    {
        _catalog.Publish(
            new ConnectorConfig { Name = "held", Kind = ConnectorKind.McpStdio, Command = "x" },
            new UpstreamInventory
            {
                Tools = [new Tool { Name = "echo", Description = "changed", InputSchema = JsonSerializer.SerializeToElement(new { type = "object" }) }],
                PinnedHashes = new Dictionary<string, string> { ["echo"] = "hash-of-the-pinned-definition" },
            },
            CatalogChange.All);
        var ran = false;

        var aggregated = await new ResolveStage(_catalog, _hub).InvokeAsync(
            new ToolCallContext("held__echo", null, new CallerIdentity("mcp"), CancellationToken.None), _ => { ran = true; return ValueTask.FromResult(ToolCallOutcome.Cancelled("x")); });
        var scoped = await new ResolveStage(_catalog, _hub).InvokeAsync(
            new ToolCallContext("echo", null, new CallerIdentity("mcp"), CancellationToken.None) { ConnectorScope = "held" }, _ => { ran = true; return ValueTask.FromResult(ToolCallOutcome.Cancelled("x")); });

        Assert.False(ran);
        Assert.Equal((ToolCallStatus.Blocked, ToolCallFault.ToolQuarantined), (aggregated.Status, aggregated.Fault));
        Assert.Contains("Tool 'held__echo' is quarantined", aggregated.Message, StringComparison.Ordinal);
        Assert.Equal(ToolCallFault.ToolQuarantined, scoped.Fault);
        Assert.DoesNotContain(_catalog.Current.Cards, c => c.Name == "held__echo");
    }

    [Fact]
    public async Task InvokeAsync_ConnectorScope_ResolvesUpstreamName()
    {
        var context = new ToolCallContext("echo", null, new CallerIdentity("mcp"), CancellationToken.None) { ConnectorScope = "demo" };

        await new ResolveStage(_catalog, _hub).InvokeAsync(context, _ => ValueTask.FromResult(ToolCallOutcome.Cancelled("x")));

        Assert.Equal("demo__echo", context.Card!.Name);
    }
}
