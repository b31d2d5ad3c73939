using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>
/// <c>gateway.request_state_expiry</c> set to 1s: a retry after it is refused (-32602, naming the expiry) and runs nothing;
/// an upstream call held for an answer that did not come in time is cancelled, and its journal record closes.
/// </summary>
public sealed class ExpiredStateTests : IAsyncLifetime
{
    private readonly TempDirectory _state = new("mcpgw-upstream-");
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_state.Path, upstreamProtocol: "2025-11-25").Replace("  auth: none", "  auth: none\n  request_state_expiry: 1s", StringComparison.Ordinal), "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task ApprovalRetry_AfterTheStateExpired_IsInvalidParams_NothingRuns()
    {
        var args = new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 1000 };
        var before = await VersionAsync();
        var (_, first) = await RoundTripPosts.CallAsync(_gateway, null, "demo__pay_invoice", args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);

        // Polled, not slept: a retry without the answer is asked again until the state expires (1s here), then refused.
        await _gateway.WaitUntilAsync(async () =>
        {
            var (_, again) = await RoundTripPosts.CallAsync(_gateway, null, "demo__pay_invoice", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, []));
            return RoundTripPosts.ErrorCode(again) is not null;
        }, "the state to expire", 20);
        var (_, late) = await RoundTripPosts.CallAsync(_gateway, null, "demo__pay_invoice", args, RoundTripPosts.Elicitation,
            ApprovalRoundTripTests.Retry(state, new JsonObject { ["approval"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } }));

        Assert.Equal(-32602, RoundTripPosts.ErrorCode(late));
        Assert.Contains("expired", late["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await VersionAsync());
    }

    [Fact]
    public async Task HeldUpstreamCall_NotAnsweredInTime_IsCancelled_AndALateRetryIsAClearError()
    {
        var args = new JsonObject { ["question"] = "too late?" };
        var (_, first) = await RoundTripPosts.CallAsync(_gateway, null, "demo__ask_user", args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);
        var key = first["result"]!["inputRequests"]!.AsObject().Single().Key;

        await _gateway.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(_gateway, "demo__ask_user")).Any(r => r.Status == "cancelled"),
            "the held call to be cancelled", 20);
        var (_, late) = await RoundTripPosts.CallAsync(_gateway, null, "demo__ask_user", args, RoundTripPosts.Elicitation,
            ApprovalRoundTripTests.Retry(state, new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["answer"] = "x" } } }));

        Assert.Equal(-32602, RoundTripPosts.ErrorCode(late));
        Assert.Single(await JournalTests.ReadRowsAsync(_gateway, "demo__ask_user"));
    }

    private async Task<int> VersionAsync() =>
        (await Rest.ReadAsync(_gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_1" }))["version"]!.GetValue<int>();
}
