using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Stages.Reconcile;

namespace McpGateway.Policy.Tests.Stages.Reconcile;

// A probe that reaches an upstream needs a real one: that path is covered by the integration tests.
public sealed class ProberTests : IAsyncLifetime
{
    private readonly StageHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ProbeAsync_ReadToolNotInCatalog_ProbeFailedNamingTheTool()
    {
        var probe = new ProbeConfig { Call = new ToolReference { Tool = "billing__get_refund" } };

        var check = await new Prober(_h.Reader).ProbeAsync(probe, "billing", TestCalls.Json("{}"), CancellationToken.None);

        Assert.Equal("probe_failed", check.Verdict);
        Assert.Contains("billing__get_refund", check.Detail, StringComparison.Ordinal);
        Assert.Null(check.Evidence);
    }
}
