using System.Net;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>The per-connector circuit breaker through the real host: repeated upstream timeouts open it, calls then fail fast, and it closes again.</summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task RepeatedTimeouts_OpenTheConnectorsCircuit_ThenItRecovers()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        var yaml = ControlledConfigs.Demo(stateDir, policyExtra: "breaker_failures: 3\n  break_duration: 2s");
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        var (slow, slowBody) = await Rest.CallAsync(gateway, "demo__slow_first", new JsonObject { ["key"] = "breaker", ["n"] = 10, ["ms"] = 3000 });
        var (open, openBody) = await Rest.CallAsync(gateway, "demo__echo", new JsonObject { ["text"] = "while open" });
        var closed = HttpStatusCode.ServiceUnavailable;
        await gateway.WaitUntilAsync(async () =>
        {
            (closed, _) = await Rest.CallAsync(gateway, "demo__echo", new JsonObject { ["text"] = "after" });
            return closed != HttpStatusCode.ServiceUnavailable;
        }, "the circuit to close after its 2 s break", timeoutSeconds: 30);

        Assert.Equal(HttpStatusCode.BadGateway, slow);
        Assert.Equal(3, slowBody["attempts"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, open);
        Assert.Contains(openBody["trace"]!.AsArray(), d => d!["decision"]!.GetValue<string>() == "circuit_open");
        Assert.DoesNotContain(openBody["trace"]!.AsArray(), d => d!["stage"]!.GetValue<string>() == "upstream");
        Assert.Equal(HttpStatusCode.OK, closed);
    }
}
