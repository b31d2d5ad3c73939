namespace McpGateway.IntegrationTests.Controlled;

/// <summary>One gateway with <c>auth: keys</c> in front of the demo upstream, shared by tests that use distinct names and ids.</summary>
public sealed class KeysGatewayFixture : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;

    internal GatewayProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_stateDir, auth: "keys"), "demo");

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }
}
