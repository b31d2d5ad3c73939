namespace McpGateway.IntegrationTests.Controlled;

/// <summary>One gateway (auth off) in front of the demo upstream with durable state, shared by scenario tests that use distinct ids.</summary>
public sealed class ControlledGatewayFixture : IAsyncLifetime
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
