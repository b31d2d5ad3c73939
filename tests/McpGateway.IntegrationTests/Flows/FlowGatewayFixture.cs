using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>One gateway (auth off) with the demo upstream, shared by flow tests that use distinct flow names and ids.</summary>
public sealed class FlowGatewayFixture : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;

    internal GatewayProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_stateDir), "demo");

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }
}
