namespace McpGateway.IntegrationTests;

/// <summary>One gateway with the demo TestUpstream, shared by tests that do not change its configuration.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    internal GatewayProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
