using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;

namespace McpGateway.IntegrationTests.Upstreams;

/// <summary>
/// Tasks of a 2026-07-28 upstream relayed (the tasks extension): a client that declares the extension and calls a tool
/// the upstream answers with a task gets a task whose id (sealed under the master key, bound to the caller's key) lets
/// any gateway process route tasks/get, tasks/update and tasks/cancel to that upstream, with nothing in memory. The
/// journal records the call as completed, its upstream stage as "task".
/// </summary>
public sealed class UpstreamTaskTests
{
    private const string Connector = "up";
    private const string ConnectorPath = "/c/up/mcp";

    [Fact]
    public async Task TaskReturningTool_ViaConnectorEndpoint_PolledToCompletionOnASecondProcess_JournaledAsATask()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(Config(upstream), Connector);
        await using var beside = await gateway.StartBesideAsync(Connector);

        var (status, created) = await TaskRequests.CallAsync(gateway, "slow_compute", new JsonObject { ["seconds"] = 1, ["label"] = "relay-1" }, path: ConnectorPath);

        Assert.Equal(HttpStatusCode.OK, status);
        var task = created["result"]!;
        Assert.Equal("task", task["resultType"]!.GetValue<string>());
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.StartsWith("mcpgwt1.", taskId, StringComparison.Ordinal);
        Assert.DoesNotContain("task-", taskId, StringComparison.Ordinal);
        Assert.Equal("working", task["status"]!.GetValue<string>());
        Assert.Null(task["content"]);

        var done = await TaskRequests.WaitForAsync(beside, taskId, "completed", path: ConnectorPath);
        Assert.Equal(taskId, done["taskId"]!.GetValue<string>());
        Assert.Equal("computed relay-1 in 1s", done["result"]!["content"]![0]!["text"]!.GetValue<string>());

        var (_, traces) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/traces?limit=50");
        var record = traces["data"]!.AsArray().Single(t => t!["arguments"]?["label"]?.GetValue<string>() == "relay-1")!;
        Assert.Equal("completed", record["status"]!.GetValue<string>());
        Assert.Contains("\"task\"", record["trace"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskOnTheAggregatedEndpoint_CancelledAndAnotherAnsweredThroughUpdate()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(Config(upstream), Connector);

        var (_, slow) = await TaskRequests.CallAsync(gateway, $"{Connector}__slow_compute", new JsonObject { ["seconds"] = 60, ["label"] = "cancel-me" });
        var slowId = slow["result"]!["taskId"]!.GetValue<string>();
        var (cancelStatus, ack) = await TaskRequests.TaskAsync(gateway, "tasks/cancel", slowId);
        var cancelled = await TaskRequests.WaitForAsync(gateway, slowId, "cancelled");

        var (_, confirm) = await TaskRequests.CallAsync(gateway, $"{Connector}__confirm_delete", new JsonObject { ["filename"] = "a.txt" });
        var confirmId = confirm["result"]!["taskId"]!.GetValue<string>();
        var asking = await TaskRequests.WaitForAsync(gateway, confirmId, "input_required");
        var (key, request) = Assert.Single(asking["inputRequests"]!.AsObject());
        var (updateStatus, _) = await TaskRequests.TaskAsync(gateway, "tasks/update", confirmId, new JsonObject
        {
            ["inputResponses"] = new JsonObject { [key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["confirm"] = true } } },
        });
        var deleted = await TaskRequests.WaitForAsync(gateway, confirmId, "completed");

        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("complete", ack["result"]!["resultType"]!.GetValue<string>());
        Assert.Equal(slowId, cancelled["taskId"]!.GetValue<string>());
        Assert.Equal("confirm", key);
        Assert.Equal("elicitation/create", request!["method"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, updateStatus);
        Assert.Equal("deleted a.txt", deleted["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExtensionNotDeclared_TheToolRunsToItsResult()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(Config(upstream), Connector);

        var (_, body) = await TaskRequests.CallAsync(gateway, "slow_compute", new JsonObject { ["seconds"] = 0, ["label"] = "sync" }, declareTasks: false, path: ConnectorPath);

        Assert.Equal("complete", body["result"]!["resultType"]!.GetValue<string>());
        Assert.Equal("computed sync in 0s", body["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskOfAnotherKey_TamperedOrOnAnotherConnectorsEndpoint_IsAnUnknownTask()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        var yaml = Config(upstream).Replace("gateway:\n", "gateway:\n  auth: keys\n", StringComparison.Ordinal) + TestConfigs.HttpUpstream("other", upstream.Endpoint.ToString());
        await using var gateway = await GatewayProcess.StartAsync(yaml, Connector, "other");
        var owner = await ApiKeys.CreateAsync(gateway, "task-owner", "owner-agent", "tools:call");
        var stranger = await ApiKeys.CreateAsync(gateway, "task-stranger", "stranger-agent", "tools:call");
        var (_, created) = await TaskRequests.CallAsync(gateway, "slow_compute", new JsonObject { ["seconds"] = 60, ["label"] = "mine" }, apiKey: owner, path: ConnectorPath);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var tampered = taskId[..^4] + (taskId[^4] == 'A' ? "B" : "A") + taskId[^3..];

        var own = await TaskRequests.TaskAsync(gateway, "tasks/get", taskId, apiKey: owner, path: ConnectorPath);
        var foreign = await TaskRequests.TaskAsync(gateway, "tasks/get", taskId, apiKey: stranger, path: ConnectorPath);
        var foreignCancel = await TaskRequests.TaskAsync(gateway, "tasks/cancel", taskId, apiKey: stranger, path: ConnectorPath);
        var altered = await TaskRequests.TaskAsync(gateway, "tasks/get", tampered, apiKey: owner, path: ConnectorPath);
        var elsewhere = await TaskRequests.TaskAsync(gateway, "tasks/get", taskId, apiKey: owner, path: "/c/other/mcp");
        var still = await TaskRequests.TaskAsync(gateway, "tasks/get", taskId, apiKey: owner, path: ConnectorPath);

        Assert.Equal("working", own.Body["result"]!["status"]!.GetValue<string>());
        foreach (var (status, body) in new[] { foreign, foreignCancel, altered, elsewhere })
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
        }

        Assert.Equal("working", still.Body["result"]!["status"]!.GetValue<string>());
        await TaskRequests.TaskAsync(gateway, "tasks/cancel", taskId, apiKey: owner, path: ConnectorPath);
    }

    private static string Config(UpstreamProcess upstream) => TestConfigs.Header + TestConfigs.HttpUpstream(Connector, upstream.Endpoint.ToString());
}
