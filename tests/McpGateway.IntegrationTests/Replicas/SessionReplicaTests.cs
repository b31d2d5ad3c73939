using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Clients;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// 2025-11-25 sessions on several replicas of one PostgreSQL store: every request of a session may reach any replica
/// (the holder answers it, or a survivor takes the session over when the holder is gone), only for the session's key.
/// </summary>
public sealed class SessionReplicaTests
{
    [ReplicaFact]
    public async Task SdkClient2025_EachRequestOnTheNextReplica_SessionAnswersEverywhere_ElicitationAnswerReachesItsCall()
    {
        await using var set = await ReplicaSet.StartAsync(3, balanced: false);
        using var http = new HttpClient(new RoundRobinHandler([.. set.Replicas.Select(r => r.BaseUrl)]));
        var options = TestClients.Sessions(new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["answer"] = JsonSerializer.SerializeToElement("blue, asked " + request!.Message) },
                }),
            },
        });
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = set.Url("/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http),
            options);

        for (var i = 0; i < 6; i++)
        {
            Assert.Contains(await client.ListToolsAsync(), t => t.Name == "demo__echo");
            var echo = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = $"hop {i}" });
            Assert.Equal($"hop {i}", Assert.IsType<TextContentBlock>(echo.Content[0]).Text);
        }

        // The upstream's question goes out on the call's stream from the replica that runs the call; the answer is
        // POSTed to the next replica, which must hand it to that one.
        var asked = await client.CallToolAsync("demo__ask_user", new Dictionary<string, object?> { ["question"] = "favourite colour?" })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("user said: blue, asked", Assert.IsType<TextContentBlock>(asked.Content[0]).Text, StringComparison.Ordinal);
    }

    [ReplicaFact]
    public async Task SessionNamedOnAnotherReplica_AnswersItsOwnKey_RefusesAnotherKeyAndUnknownIds()
    {
        await using var set = await ReplicaSet.StartAsync(2, balanced: false, auth: "keys");
        var alice = await ApiKeys.CreateAsync(set.Replicas[0], "alice", "agent-alice", "tools:read,tools:call");
        var bob = await ApiKeys.CreateAsync(set.Replicas[0], "bob", "agent-bob", "tools:read,tools:call");
        await using var client = await ApiKeys.ConnectAsync(set.Replicas[0], alice);
        var sessionId = client.SessionId!;

        var (own, ownBody) = await PostAsync(set.Replicas[1], sessionId, alice);
        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Contains("demo__echo", ownBody, StringComparison.Ordinal);

        var (other, _) = await PostAsync(set.Replicas[1], sessionId, bob);
        Assert.Equal(HttpStatusCode.Forbidden, other);

        var (unknown, _) = await PostAsync(set.Replicas[1], sessionId[..^2] + (sessionId[^2..] == "AA" ? "BB" : "AA"), alice);
        Assert.Equal(HttpStatusCode.NotFound, unknown);

        // The session still answers where it was created.
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "demo__echo");
    }

    [ReplicaFact(NeedsTsClient = true)]
    public async Task TsClient2025_ThroughRoundRobinHaproxy_ConnectsListsAndCalls()
    {
        await using var set = await ReplicaSet.StartAsync(3, balanced: true);

        var run = await TsClient.RunAsync(TsClient.Legacy, TsClient.Http(set.Url("/mcp"), null), [
            TsClient.ListTools(),
            TsClient.CallTool("demo__echo", new JsonObject { ["text"] = "one" }),
            TsClient.CallTool("demo__echo", new JsonObject { ["text"] = "two" }),
            TsClient.ListTools(),
            TsClient.CallTool("demo__echo", new JsonObject { ["text"] = "three" }),
        ]);

        Assert.Equal(TsClient.Legacy, run.ProtocolVersion);
        Assert.Contains(run.Result(0)["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "demo__echo");
        Assert.Equal(["one", "two", "three"], new[] { run.Text(1), run.Text(2), run.Text(4) });
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(GatewayProcess replica, string sessionId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, replica.Url("/mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", TestClients.SessionRevision);
        using var response = await replica.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
