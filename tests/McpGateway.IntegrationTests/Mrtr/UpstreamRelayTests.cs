using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>
/// A 2026-07-28 upstream that answers with its own <c>InputRequiredResult</c> (the demo's <c>ask_user_mrtr</c>), called by a
/// 2026-07-28 client: the client gets the upstream's input requests as the upstream keyed them, with the upstream's state
/// sealed inside the gateway's; the retry continues the same execution on any process sharing the store, and a repeat of
/// the last round replays the stored result.
/// </summary>
public sealed class UpstreamRelayTests(RoundTripGatewayFixture fixture) : IClassFixture<RoundTripGatewayFixture>
{
    private const string Tool = "demo__ask_user_mrtr";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task UpstreamAsks_RelayedWithItsOwnKeys_RetryOnAnotherProcess_CompletesTheSameExecution()
    {
        await using var beside = await Gateway.StartBesideAsync("demo");
        var args = new JsonObject { ["question"] = "relay-" + Guid.NewGuid().ToString("N") };

        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);
        var asked = first["result"]!["inputRequests"]!.AsObject();
        var (_, done) = await RoundTripPosts.CallAsync(beside, fixture.Alice, Tool, args, RoundTripPosts.Elicitation,
            ApprovalRoundTripTests.Retry(state, Answer("green")));

        Assert.Equal("answer", Assert.Single(asked).Key);
        Assert.Equal("elicitation/create", asked["answer"]!["method"]!.GetValue<string>());
        Assert.StartsWith("mcpgw1.", state, StringComparison.Ordinal);
        Assert.DoesNotContain("asked:", state, StringComparison.Ordinal);
        Assert.Equal("user said: green", done["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["completed"], await ExecutionsAsync(args));
    }

    [Fact]
    public async Task RepeatOfTheLastRound_ReplaysTheStoredResult_NothingRunsAgain()
    {
        var args = new JsonObject { ["question"] = "repeat-" + Guid.NewGuid().ToString("N") };
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, args, RoundTripPosts.Elicitation);
        var retry = ApprovalRoundTripTests.Retry(ApprovalRoundTripTests.InputRequired(first), Answer("once"));

        var (_, done) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, args, RoundTripPosts.Elicitation, retry);
        var (_, again) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, args, RoundTripPosts.Elicitation, retry);

        Assert.Equal("user said: once", done["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(done["result"]!["content"]!.ToJsonString(), again["result"]!["content"]!.ToJsonString());
        Assert.Equal("replayed", again["result"]!["_meta"]!["mcpgw/execution"]!["status"]!.GetValue<string>());
        Assert.Equal(["completed"], await ExecutionsAsync(args));
        Assert.Contains("\"reopened\"", (await RowsAsync(args)).Single().Trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundWaitingForInput_IsRecordedAsSuch_AndAnotherCallersRetryIsRefused()
    {
        var args = new JsonObject { ["question"] = "waiting-" + Guid.NewGuid().ToString("N") };
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, args, RoundTripPosts.Elicitation);
        var retry = ApprovalRoundTripTests.Retry(ApprovalRoundTripTests.InputRequired(first), Answer("bob"));

        var waiting = await ExecutionsAsync(args);
        var (status, foreign) = await RoundTripPosts.CallAsync(Gateway, fixture.Bob, Tool, args, RoundTripPosts.Elicitation, retry);

        Assert.Equal(["input_required"], waiting);
        Assert.True((int)status < 500, status.ToString());
        Assert.Equal(-32602, RoundTripPosts.ErrorCode(foreign));
        Assert.Equal(["input_required"], await ExecutionsAsync(args));
    }

    [Fact]
    public async Task UpstreamHoldsItsOwnContinuation_RetryAtTheSameProcess_Completes()
    {
        // demo__ask_user awaits ElicitAsync: on a 2026-07-28 request the upstream's SDK answers with an InputRequiredResult
        // whose state names a continuation held in that upstream process, which the retry through this gateway reaches.
        var args = new JsonObject { ["question"] = "held-upstream-" + Guid.NewGuid().ToString("N") };
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);
        var key = Assert.Single(first["result"]!["inputRequests"]!.AsObject()).Key;
        var answer = new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["answer"] = "violet" } } };

        var (_, done) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, answer));

        Assert.Equal("user said: violet", done["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["completed"], (await JournalTests.ReadRowsAsync(Gateway, "demo__ask_user"))
            .Where(r => r.Arguments.Contains(args["question"]!.GetValue<string>(), StringComparison.Ordinal)).Select(r => r.Status).ToList());
    }

    [Fact]
    public async Task UpstreamAsksForWhatTheClientDidNotDeclare_TheCallFailsSayingSo()
    {
        var (_, body) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, Tool, new JsonObject { ["question"] = "undeclared" },
            new JsonObject { ["sampling"] = new JsonObject() });

        Assert.Equal("complete", body["result"]!["resultType"]!.GetValue<string>());
        Assert.True(body["result"]!["isError"]!.GetValue<bool>());
        Assert.Contains("elicitation/create", body["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkClient2026_UpstreamAsks_AnsweredByTheClientsHandler()
    {
        string? asked = null;
        await using var client = await RoundTripPosts.ConnectAsync(Gateway, fixture.Alice, new McpClientHandlers
        {
            ElicitationHandler = (request, _) =>
            {
                asked = request!.Message;
                return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["answer"] = JsonSerializer.SerializeToElement("teal") } });
            },
        });

        var result = await client.CallToolAsync(Tool, new Dictionary<string, object?> { ["question"] = "Colour, via the SDK?" });

        Assert.Equal("Colour, via the SDK?", asked);
        Assert.Equal("user said: teal", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task CallerThatCannotAnswer_IsNeverAnsweredByAnotherClientsSession()
    {
        // A 2025-11-25 session that could answer elicitation has a call in flight on the same connector while a REST
        // caller (who cannot answer anything) calls a tool whose 2026 upstream asks for input: the session is not asked.
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path, upstreamProtocol: "2026-07-28"), "demo");
        var sessionAsked = false;
        await using var session = await gateway.ConnectAsync(options: new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (_, _) =>
                {
                    sessionAsked = true;
                    return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["answer"] = JsonSerializer.SerializeToElement("not yours") } });
                },
            },
        });
        using var stop = new CancellationTokenSource();
        var sleeping = session.CallToolAsync("demo__sleep", new Dictionary<string, object?> { ["ms"] = 60_000 }, cancellationToken: stop.Token).AsTask();
        await gateway.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(gateway, "demo__sleep")).Any(r => r.Status == "running"), "the session's call in flight");

        var (status, body) = await Rest.CallAsync(gateway, Tool, new JsonObject { ["question"] = "whose answer?" });
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleeping);

        Assert.False(sessionAsked);
        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.DoesNotContain("not yours", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("cannot answer", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResourceAndPromptReads_UpstreamAsks_RelayedAndAnsweredOnAnotherProcess()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path, upstreamProtocol: "2026-07-28"), "demo");
        await using var beside = await gateway.StartBesideAsync("demo");
        const string uri = "demo+test://ask/context";
        var read = new JsonObject { ["uri"] = uri };

        var first = await RoundTripPosts.RequestAsync(gateway, "resources/read", uri, read, RoundTripPosts.Elicitation);
        var retry = (JsonObject)read.DeepClone();
        retry["requestState"] = ApprovalRoundTripTests.InputRequired(first);
        retry["inputResponses"] = new JsonObject { ["user_context"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["context"] = "billing" } } };
        var done = await RoundTripPosts.RequestAsync(beside, "resources/read", uri, retry, RoundTripPosts.Elicitation);
        var prompt = await RoundTripPosts.RequestAsync(gateway, "prompts/get", "demo__greet", new JsonObject { ["name"] = "demo__greet", ["arguments"] = new JsonObject { ["name"] = "x" } }, RoundTripPosts.Elicitation);

        Assert.Equal("user_context", Assert.Single(first["result"]!["inputRequests"]!.AsObject()).Key);
        Assert.Equal("context: billing", done["result"]!["contents"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(uri, done["result"]!["contents"]![0]!["uri"]!.GetValue<string>());
        Assert.Equal("complete", prompt["result"]?["resultType"]?.GetValue<string>() ?? prompt.ToJsonString());
    }

    private static JsonObject Answer(string text) =>
        new() { ["answer"] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["answer"] = text } } };

    private async Task<List<(string Status, string? Connector, string Arguments, string? Trace, string? Error)>> RowsAsync(JsonObject args) =>
        (await JournalTests.ReadRowsAsync(Gateway, Tool))
            .Where(r => r.Arguments.Contains(args["question"]!.GetValue<string>(), StringComparison.Ordinal)).ToList();

    private async Task<List<string>> ExecutionsAsync(JsonObject args) => (await RowsAsync(args)).Select(r => r.Status).ToList();
}
