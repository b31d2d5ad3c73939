using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>
/// A 2025-11-25 upstream that asks for elicitation or sampling during a call made by a 2026-07-28 client: the gateway holds
/// the upstream call open, asks the client with an <c>InputRequiredResult</c>, and feeds the retry's answer back. Only the
/// process holding the call can continue it; elsewhere the retry gets a clear error and nothing runs twice.
/// </summary>
public sealed class UpstreamInputRoundTripTests(SessionUpstreamGatewayFixture fixture) : IClassFixture<SessionUpstreamGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task SdkClient_UpstreamElicits_AskedByInputRequiredResult_AnswerReachesTheUpstream()
    {
        string? asked = null;
        await using var client = await RoundTripPosts.ConnectAsync(Gateway, fixture.Alice, new McpClientHandlers
        {
            ElicitationHandler = (request, _) =>
            {
                asked = request!.Message;
                return ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["answer"] = JsonSerializer.SerializeToElement("blue") },
                });
            },
        });

        var result = await client.CallToolAsync("demo__ask_user", new Dictionary<string, object?> { ["question"] = "Favourite colour?" });

        Assert.Equal("Favourite colour?", asked);
        Assert.Equal("user said: blue", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task SdkClient_UpstreamSamples_AskedByInputRequiredResult_AnswerReachesTheUpstream()
    {
        await using var client = await RoundTripPosts.ConnectAsync(Gateway, fixture.Alice, new McpClientHandlers
        {
            SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
            {
                Role = Role.Assistant,
                Model = "test-model",
                Content = [new TextContentBlock { Text = "short: " + ((TextContentBlock)request!.Messages[0].Content[0]).Text }],
            }),
        });

        var result = await client.CallToolAsync("demo__summarize", new Dictionary<string, object?> { ["text"] = "a long text" });

        Assert.Equal("sampled: short: a long text", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task RawRetry_ReplayAfterCompletion_GetsTheSameResult_OneExecution()
    {
        var args = new JsonObject { ["question"] = "replay-" + Guid.NewGuid().ToString("N") };
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);
        var key = first["result"]!["inputRequests"]!.AsObject().Single().Key;
        var answer = new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["answer"] = "once" } } };

        var (_, done) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, answer));
        var (_, again) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, answer));

        Assert.Equal("user said: once", done["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(done["result"]!["content"]!.ToJsonString(), again["result"]!["content"]!.ToJsonString());
        Assert.Single(await ExecutionsAsync(args));
    }

    [Fact]
    public async Task RawRetry_AtAnotherProcess_IsAClearError_AndNothingRunsTwice()
    {
        await using var beside = await Gateway.StartBesideAsync("demo");
        var args = new JsonObject { ["question"] = "elsewhere-" + Guid.NewGuid().ToString("N") };
        var (_, first) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation);
        var state = ApprovalRoundTripTests.InputRequired(first);
        var key = first["result"]!["inputRequests"]!.AsObject().Single().Key;
        var answer = new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["answer"] = "x" } } };

        var (status, elsewhere) = await RoundTripPosts.CallAsync(beside, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, answer));
        var (_, here) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", args, RoundTripPosts.Elicitation, ApprovalRoundTripTests.Retry(state, answer));

        Assert.True((int)status < 500, status.ToString());
        Assert.Equal(-32602, RoundTripPosts.ErrorCode(elsewhere));
        Assert.Contains("held open by gateway process", elsewhere["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("user said: x", here["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Single(await ExecutionsAsync(args));
    }

    [Fact]
    public async Task ClientWithoutTheCapability_UpstreamIsRefusedAsToday()
    {
        var (_, body) = await RoundTripPosts.CallAsync(Gateway, fixture.Alice, "demo__ask_user", new JsonObject { ["question"] = "no caps" },
            new JsonObject { ["sampling"] = new JsonObject() });

        Assert.Equal("complete", body["result"]!["resultType"]!.GetValue<string>());
        Assert.DoesNotContain("user said", body["result"]!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The journal's executions of demo__ask_user with these arguments.</summary>
    private async Task<List<string>> ExecutionsAsync(JsonObject args) =>
        (await JournalTests.ReadRowsAsync(Gateway, "demo__ask_user"))
            .Where(r => r.Arguments.Contains(args["question"]!.GetValue<string>(), StringComparison.Ordinal)).Select(r => r.Status).ToList();
}
