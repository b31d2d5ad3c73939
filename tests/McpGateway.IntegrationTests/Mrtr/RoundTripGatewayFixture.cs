using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>
/// One gateway with <c>auth: keys</c> in front of the demo upstream (its <c>approver: client</c> rule on large payments),
/// and two callers' keys, shared by the Multi Round-Trip Request tests (each uses its own invoice or payment ids).
/// </summary>
public class RoundTripGatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _state = new("mcpgw-upstream-");
    private readonly string? _upstreamProtocol;

    public RoundTripGatewayFixture()
        : this(null)
    {
    }

    /// <summary>A fixture whose demo upstream speaks only <paramref name="upstreamProtocol"/> (null: both revisions).</summary>
    protected RoundTripGatewayFixture(string? upstreamProtocol) => _upstreamProtocol = upstreamProtocol;

    internal GatewayProcess Gateway { get; private set; } = null!;

    internal string Alice { get; private set; } = "";

    internal string Bob { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_state.Path, auth: "keys", upstreamProtocol: _upstreamProtocol), "demo");
        Alice = await ApiKeys.CreateAsync(Gateway, "alice", "alice-agent", "tools:call");
        Bob = await ApiKeys.CreateAsync(Gateway, "bob", "bob-agent", "tools:call");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _state.Dispose();
    }
}
