using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>A run's live event stream through the real host, and <c>mcpgw runs watch</c> on it.</summary>
public sealed class FlowRunEventsTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private const string Slow = """
        { "name": "events-slow", "status": "ENABLED", "publish": true,
          "steps": [
            { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 1500 } },
            { "key": "after", "type": "transform", "value": { "done": true } } ],
          "output": "{{ steps.after.output }}" }
        """;

    [Fact]
    public async Task Events_RunInProgress_StateFirstThenNodesAsTheyHappenEndingAtTheTerminalStatus()
    {
        await FlowApi.ImportAsync(Gateway, Slow);
        var (_, started) = await FlowApi.StartAsync(Gateway, "events-slow", [], wait: false);
        var runId = started["id"]!.GetValue<string>();

        var (status, events) = await RunEventReader.ReadAllAsync(Gateway.Http, Gateway.Url($"/v1/runs/{runId}/events"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("state", events[0].Name);
        Assert.Equal(runId, events[0].Data["id"]!.GetValue<string>());
        var (lastName, last) = events[^1];
        Assert.Equal("status", lastName);
        Assert.Equal("SUCCEEDED", last["status"]!.GetValue<string>());
        Assert.True(last["outputs"]!["done"]!.GetValue<bool>());
        Assert.Equal(1, last["usage"]!["tool_calls"]!.GetValue<int>());
        // The sleep was seen finishing as an event of its own, before the step after it.
        var nodes = events.Where(e => e.Name == "node").Select(e => $"{e.Data["step"]}:{e.Data["status"]}").ToList();
        Assert.Contains("slow:SUCCEEDED", nodes);
        Assert.True(nodes.IndexOf("slow:SUCCEEDED") < nodes.IndexOf("after:SUCCEEDED"), string.Join(", ", nodes));
        Assert.Single(events, e => e.Name == "status" && e.Data["status"]!.GetValue<string>() == "SUCCEEDED");
    }

    [Fact]
    public async Task Events_EndedOrUnknownRun_StateAndFinalStatusOr404()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "events-quick", "status": "ENABLED", "publish": true, "steps": [ { "key": "only", "type": "transform", "value": 1 } ] }
            """);
        var (_, ended) = await FlowApi.StartAsync(Gateway, "events-quick", []);

        var (status, events) = await RunEventReader.ReadAllAsync(Gateway.Http, Gateway.Url($"/v1/runs/{ended["id"]}/events"));
        var (unknown, _) = await RunEventReader.ReadAllAsync(Gateway.Http, Gateway.Url("/v1/runs/run_nope/events"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["state", "status"], events.Select(e => e.Name));
        Assert.Equal("SUCCEEDED", events[1].Data["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task Events_PauseAndCancel_StatusEventsCarryTheReason()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "events-nap", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "nap", "type": "delay", "duration": "1h" }, { "key": "after", "type": "transform", "value": 1 } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(Gateway, "events-nap", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await FlowApi.WaitForStatusAsync(Gateway, runId, "PAUSED");
        var reading = RunEventReader.ReadAllAsync(Gateway.Http, Gateway.Url($"/v1/runs/{runId}/events"));

        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause", new JsonObject { ["by"] = "dora" });
        await Gateway.WaitUntilAsync(async () => (await FlowApi.GetRunAsync(Gateway, runId))["pause_reason"] is not null, "the pause");
        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/cancel");
        var (_, events) = await reading;

        Assert.Equal("state", events[0].Name);
        Assert.Equal("CANCELED", events[^1].Data["status"]!.GetValue<string>());
        Assert.Contains(events, e => e.Name == "status" && e.Data["pause_reason"]?.GetValue<string>() == "paused by dora");
    }

    [Fact]
    public async Task Watch_Cli_PrintsEventsAsJsonLinesAndExitsWithHowTheRunEnded()
    {
        await FlowApi.ImportAsync(Gateway, Slow);
        await FlowApi.ImportAsync(Gateway, """
            { "name": "events-cancel", "status": "ENABLED", "publish": true, "steps": [ { "key": "nap", "type": "delay", "duration": "1h" } ] }
            """);
        var url = Gateway.BaseUrl.ToString();
        var (_, slow) = await FlowApi.StartAsync(Gateway, "events-slow", [], wait: false);
        var (_, napping) = await FlowApi.StartAsync(Gateway, "events-cancel", [], wait: false);
        await FlowApi.WaitForStatusAsync(Gateway, napping["id"]!.GetValue<string>(), "PAUSED");
        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{napping["id"]}/cancel");

        var watched = await CliRunner.RunAsync(Gateway.Dir, "runs", "watch", slow["id"]!.GetValue<string>(), "--url", url, "-o", "json");
        var canceled = await CliRunner.RunAsync(Gateway.Dir, "runs", "watch", napping["id"]!.GetValue<string>(), "--url", url);
        var unknown = await CliRunner.RunAsync(Gateway.Dir, "runs", "watch", "run_nope", "--url", url);

        Assert.True(watched.ExitCode == 0, watched.Stderr);
        var lines = watched.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("state", lines[0]["event"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", lines[^1]["data"]!["status"]!.GetValue<string>());
        Assert.Equal(7, canceled.ExitCode);
        Assert.Contains("CANCELED", canceled.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, unknown.ExitCode);
    }

    [Fact]
    public async Task RunsCli_TagsRangePauseResume_ReachTheGateway()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "events-cli", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "a", "type": "transform", "value": 1 }, { "key": "b", "type": "delay", "duration": "1h" }, { "key": "c", "type": "transform", "value": 3 } ] }
            """);
        var url = Gateway.BaseUrl.ToString();

        var toA = await CliRunner.RunAsync(Gateway.Dir, "flows", "run", "events-cli", "--to-step", "a", "--tag", "cli-tag", "--url", url, "-o", "json");
        var napId = (await CliRunner.RunAsync(Gateway.Dir, "flows", "run", "events-cli", "--async", "--url", url)).Stdout.Trim();
        var listed = await CliRunner.RunAsync(Gateway.Dir, "runs", "list", "--tag", "cli-tag", "--url", url, "-o", "json");
        await FlowApi.WaitForStatusAsync(Gateway, napId, "PAUSED");
        var paused = await CliRunner.RunAsync(Gateway.Dir, "runs", "pause", napId, "--by", "erin", "--url", url, "-o", "json");
        var resumed = await CliRunner.RunAsync(Gateway.Dir, "runs", "resume", napId, "--url", url, "-o", "json");
        var resumedAgain = await CliRunner.RunAsync(Gateway.Dir, "runs", "resume", napId, "--url", url);

        Assert.True(toA.ExitCode == 0, toA.Stderr);
        var ran = JsonNode.Parse(toA.Stdout)!;
        Assert.Equal(("SUCCEEDED", "a"), (ran["status"]!.GetValue<string>(), ran["to_step_key"]!.GetValue<string>()));
        Assert.Equal(ran["id"]!.GetValue<string>(), Assert.Single(JsonNode.Parse(listed.Stdout)!["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.True(paused.ExitCode == 0, paused.Stderr);
        Assert.Equal("paused by erin", JsonNode.Parse(paused.Stdout)!["pause_reason"]!.GetValue<string>());
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(1, resumedAgain.ExitCode);
    }
}
