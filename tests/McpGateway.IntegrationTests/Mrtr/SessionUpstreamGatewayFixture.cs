namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>The round-trip fixture with a demo upstream that speaks only 2025-11-25 (it asks by requests of its own during a call).</summary>
public sealed class SessionUpstreamGatewayFixture : RoundTripGatewayFixture
{
    public SessionUpstreamGatewayFixture()
        : base("2025-11-25")
    {
    }
}
