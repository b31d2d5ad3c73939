namespace McpGateway.IntegrationTests.Flows;

/// <summary>A flow tool step has one retry layer, the step's own: the tool's <c>retry</c> does not multiply its attempts.</summary>
public sealed class FlowRetryTests : IAsyncLifetime
{
    // flaky is idempotent, so the call pipeline's failure policy would retry its isError results twice per call.
    private const string Extra = """
            tools:
              flaky: { retry: 2 }
        policy:
          retry_base_delay: 10ms

        """;

    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(Extra), "demo");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task StepRetry_ToolWithItsOwnRetryFailsEveryTime_UpstreamCalledOncePerStepAttempt()
    {
        await FlowApi.ImportAsync(_gateway, """
            { "name": "retry-once-per-attempt", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "shaky", "type": "tool", "tool": "demo__flaky", "args": { "n": 100, "key": "{{ run.id }}" },
                           "retry": { "attempts": 3, "backoff": "10ms" } } ] }
            """);

        var (_, run) = await FlowApi.StartAsync(_gateway, "retry-once-per-attempt", []);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        var node = FlowApi.Node(await FlowApi.GetRunAsync(_gateway, run["id"]!.GetValue<string>()), "shaky");
        Assert.Equal(3, node["attempts"]!.GetValue<int>());
        // The upstream counts the calls for the run's key: the third step attempt was its third call, not its ninth.
        Assert.Contains("flaky failure 3 of 100", node["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
