using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>
/// <c>approver: client</c> for a 2026-07-28 client that declared elicitation: the call is frozen, the client is asked with an
/// <c>InputRequiredResult</c>, and its retry (the sealed requestState plus the answer) thaws the same call on whichever
/// gateway process receives it. Bad states are refused with -32602 and nothing runs.
/// </summary>
public sealed class ApprovalRoundTripTests(RoundTripGatewayFixture fixture) : IClassFixture<RoundTripGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SdkClient_ApproverClient_AskedByInputRequiredResult_ApprovedPaysOnce_DeclinedPaysNothing(bool approve)
    {
        string? asked = null;
        await using var client = await RoundTripPosts.ConnectAsync(Gateway, fixture.Alice, new McpClientHandlers
        {
            ElicitationHandler = (request, _) =>
            {
                asked = request!.Message;
                return ValueTask.FromResult(approve
                    ? new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["approve"] = JsonSerializer.SerializeToElement(true) } }
                    : new ElicitResult { Action = "decline" });
            },
        });
        var key = new RequestOptions { Meta = new JsonObject { ["mcpgw/idempotencyKey"] = "mrtr-approve-" + Guid.NewGuid().ToString("N") } };
        var before = await VersionAsync("inv_1");

        var result = await client.CallToolAsync("demo__pay_invoice", new Dictionary<string, object?> { ["invoice_id"] = "inv_1", ["amount"] = 1000 }, null, key);

        Assert.Equal(RoundTripPosts.Revision, client.NegotiatedProtocolVersion);
        Assert.Contains("large payment", asked, StringComparison.Ordinal);
        Assert.Contains("alice-agent", asked, StringComparison.Ordinal);
        Assert.Equal(before + (approve ? 1 : 0), await VersionAsync("inv_1"));
        Assert.Equal(!approve, result.IsError == true);
        if (approve)
        {
            var execution = result.Meta!["mcpgw/execution"]!;
            Assert.StartsWith("appr_", execution["approval_id"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(key.Meta["mcpgw/idempotencyKey"]!.GetValue<string>(), execution["idempotency_key"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task RawRetry_ApproveThenReplay_ReturnsTheStoredResult_PaysOnce()
    {
        var args = new JsonObject { ["invoice_id"] = "inv_2", ["amount"] = 1200 };
        var before = await VersionAsync("inv_2");
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation);
        var state = InputRequired(first);

        var (_, approved) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation, Retry(state, Approve()));
        var (_, replayed) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation, Retry(state, Approve()));

        Assert.Equal("complete", approved["result"]!["resultType"]!.GetValue<string>());
        Assert.Null(approved["result"]!["isError"]);
        Assert.Equal(approved["result"]!["structuredContent"]!.ToJsonString(), replayed["result"]!["structuredContent"]!.ToJsonString());
        Assert.Equal(
            approved["result"]!["_meta"]!["mcpgw/execution"]!["execution_id"]!.GetValue<string>(),
            replayed["result"]!["_meta"]!["mcpgw/execution"]!["execution_id"]!.GetValue<string>());
        Assert.Equal(before + 1, await VersionAsync("inv_2"));
    }

    [Fact]
    public async Task RawRetry_MissingAnswer_AsksAgain_MalformedAnswer_IsAnError_NothingRuns()
    {
        var args = new JsonObject { ["invoice_id"] = "inv_3", ["amount"] = 1300 };
        var before = await VersionAsync("inv_3");
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation);
        var state = InputRequired(first);

        var (_, missing) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation,
            Retry(state, new JsonObject { ["something_else"] = new JsonObject { ["action"] = "accept" } }));
        var (_, malformed) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation,
            Retry(state, new JsonObject { ["approval"] = 42 }));

        Assert.Equal(state, InputRequired(missing));
        Assert.Equal(-32602, RoundTripPosts.ErrorCode(malformed));
        Assert.Equal(before, await VersionAsync("inv_3"));
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("foreign key")]
    [InlineData("other arguments")]
    [InlineData("other tool")]
    [InlineData("oversized")]
    public async Task RawRetry_BadState_IsInvalidParamsNamingIt_NothingRuns(string bad)
    {
        var args = new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 2000 };
        var before = await VersionAsync("inv_1");
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation);
        var state = InputRequired(first);
        var (key, tool, sentArgs, sentState) = bad switch
        {
            "tampered" => (fixture.Alice, "demo__pay_invoice", args, state[..^4] + (state[^4] == 'A' ? "B" : "A") + state[^3..]),
            "foreign key" => (fixture.Bob, "demo__pay_invoice", args, state),
            "other arguments" => (fixture.Alice, "demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 20000 }, state),
            "other tool" => (fixture.Alice, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "open" }, state),
            _ => (fixture.Alice, "demo__pay_invoice", args, state + new string('A', 17 * 1024)),
        };

        var (status, body) = await RoundTripPosts.CallAsync(Gateway, key, tool, sentArgs, RoundTripPosts.Elicitation, Retry(sentState, Approve()));

        Assert.True((int)status < 500, status.ToString());
        Assert.Equal(-32602, RoundTripPosts.ErrorCode(body));
        Assert.Contains("requestState", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(sentState, body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await VersionAsync("inv_1"));
    }

    [Fact]
    public async Task RawRetry_OnASecondProcessSharingTheStore_ContinuesTheCall_AsTheSameExecution()
    {
        await using var beside = await Gateway.StartBesideAsync("demo");
        var args = new JsonObject { ["invoice_id"] = "inv_2", ["amount"] = 1500 };
        var before = await VersionAsync("inv_2");
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation);

        var (_, approved) = await RoundTripPosts.CallAsync(beside, fixture.Alice, "demo__pay_invoice", args, RoundTripPosts.Elicitation, Retry(InputRequired(first), Approve()));

        Assert.Null(approved["result"]!["isError"]);
        Assert.StartsWith("appr_", approved["result"]!["_meta"]!["mcpgw/execution"]!["approval_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await VersionAsync("inv_2"));

        // One execution from the first round to the effect: the frozen record is the one that ends completed.
        var rows = (await JournalTests.ReadRowsAsync(Gateway, "demo__pay_invoice"))
            .Where(r => JsonNode.Parse(r.Arguments)!["amount"]!.GetValue<int>() == 1500).ToList();
        Assert.Equal(["completed"], rows.Select(r => r.Status));
        Assert.Contains("\"reopened\"", rows[0].Trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithoutElicitation_KeepsTheDashboardApproval()
    {
        var (_, body) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_3", ["amount"] = 5000 }, []);

        Assert.Equal("complete", body["result"]!["resultType"]!.GetValue<string>());
        Assert.Equal("pending_approval", body["result"]!["structuredContent"]!["gateway"]!["status"]!.GetValue<string>());
    }

    internal static string InputRequired(JsonNode body)
    {
        Assert.True(body["result"]?["resultType"]?.GetValue<string>() == "input_required", body.ToJsonString());
        return body["result"]!["requestState"]!.GetValue<string>();
    }

    internal static JsonObject Retry(string state, JsonObject responses) => new() { ["requestState"] = state, ["inputResponses"] = responses.DeepClone() };

    private static JsonObject Approve() => new() { ["approval"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } };

    private async Task<int> VersionAsync(string invoice) =>
        (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = invoice }, fixture.Alice))["version"]!.GetValue<int>();
}
