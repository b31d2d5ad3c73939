using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Pause and resume through the real host: a step in flight finishes and commits, nothing new starts until resumed.</summary>
public sealed class FlowPauseTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    // The first step is long enough to pause while it is in flight.
    private const string SlowThenFast = """
        { "name": "pause-slow", "status": "ENABLED", "publish": true,
          "steps": [
            { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 4000 } },
            { "key": "after", "type": "transform", "value": { "done": true } } ],
          "output": "{{ steps.after.output }}" }
        """;

    [Fact]
    public async Task Pause_StepInFlight_StepCommitsNextDoesNotStartUntilResume()
    {
        await FlowApi.ImportAsync(Gateway, SlowThenFast);
        var (_, started) = await FlowApi.StartAsync(Gateway, "pause-slow", [], wait: false);
        var runId = started["id"]!.GetValue<string>();
        await Gateway.WaitUntilAsync(async () => (await FlowApi.GetRunAsync(Gateway, runId))["nodes"]!.AsArray()
            .Any(n => n!["step"]!.GetValue<string>() == "slow" && n["status"]!.GetValue<string>() == "RUNNING"), "the slow step to start");

        var (paused, pauseBody) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause", new JsonObject { ["by"] = "alice" });

        Assert.True(paused == HttpStatusCode.Accepted, pauseBody.ToJsonString());
        Assert.Equal("paused by alice", pauseBody["pause_reason"]!.GetValue<string>());
        var run = await FlowApi.WaitForStatusAsync(Gateway, runId, "PAUSED");
        Assert.Equal("SUCCEEDED", FlowApi.Node(run, "slow")["status"]!.GetValue<string>());
        Assert.DoesNotContain(run["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "after");
        Assert.Equal("paused by alice", run["pause_reason"]!.GetValue<string>());
        var (again, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause");
        Assert.Equal(HttpStatusCode.Conflict, again);

        var (resumed, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/resume");

        Assert.Equal(HttpStatusCode.Accepted, resumed);
        var done = await FlowApi.WaitForStatusAsync(Gateway, runId, "SUCCEEDED");
        Assert.True(done["outputs"]!["done"]!.GetValue<bool>());
        Assert.Null(done["pause_reason"]);
        var (late, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/resume");
        Assert.Equal(HttpStatusCode.Conflict, late);
    }

    [Fact]
    public async Task Pause_SyncStartWaiting_AnsweredWithThePausedRun()
    {
        await FlowApi.ImportAsync(Gateway, SlowThenFast);
        var waiting = FlowApi.StartAsync(Gateway, "pause-slow", [], wait: true);
        string runId = "";
        await Gateway.WaitUntilAsync(async () =>
        {
            var (_, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=pause-slow&status=RUNNING");
            runId = page["data"]!.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "";
            return runId.Length > 0;
        }, "the waited-for run to run");

        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause", new JsonObject { ["by"] = "gina" });
        var (status, run) = await waiting;

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(("PAUSED", "paused by gina"), (run["status"]!.GetValue<string>(), run["pause_reason"]!.GetValue<string>()));
        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/resume");
        await FlowApi.WaitForStatusAsync(Gateway, runId, "SUCCEEDED");
    }

    [Fact]
    public async Task PauseAndResume_WrongStateOrUnknownRun_ConflictOrNotFound()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "pause-quick", "status": "ENABLED", "publish": true, "steps": [ { "key": "only", "type": "transform", "value": 1 } ] }
            """);
        var (_, ended) = await FlowApi.StartAsync(Gateway, "pause-quick", []);
        var runId = ended["id"]!.GetValue<string>();

        var (pauseEnded, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause");
        var (resumeEnded, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/resume");
        var (pauseUnknown, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/runs/run_nope/pause");

        Assert.Equal(HttpStatusCode.Conflict, pauseEnded);
        Assert.Contains("SUCCEEDED", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, resumeEnded);
        Assert.Equal(HttpStatusCode.NotFound, pauseUnknown);
    }

    [Fact]
    public async Task Pause_WaitingOnApproval_ApprovedRunStaysPausedUntilResumed()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "pause-approval", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "ask", "type": "approval", "message": "go?" }, { "key": "after", "type": "transform", "value": 2 } ] }
            """);
        var (_, started) = await FlowApi.StartAsync(Gateway, "pause-approval", []);
        var runId = started["id"]!.GetValue<string>();
        var approvalId = FlowApi.Node(await FlowApi.GetRunAsync(Gateway, runId), "ask")["approval_id"]!.GetValue<string>();
        var (paused, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/pause", new JsonObject { ["by"] = "bob" });
        Assert.Equal(HttpStatusCode.Accepted, paused);

        var (approved, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{approvalId}/approve", new JsonObject { ["approver"] = "carol" });
        Assert.Equal(HttpStatusCode.OK, approved);
        // The approval woke the run; paused, it starts nothing and stays PAUSED with its reason.
        await Gateway.WaitUntilAsync(async () => (await FlowApi.GetRunAsync(Gateway, runId))["pause_reason"]?.GetValue<string>() == "paused by bob" &&
            (await FlowApi.GetRunAsync(Gateway, runId))["status"]!.GetValue<string>() == "PAUSED", "the run to stay paused");
        Assert.DoesNotContain((await FlowApi.GetRunAsync(Gateway, runId))["nodes"]!.AsArray(), n => n!["step"]!.GetValue<string>() == "after");

        await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{runId}/resume");

        var done = await FlowApi.WaitForStatusAsync(Gateway, runId, "SUCCEEDED");
        Assert.Equal("SUCCEEDED", FlowApi.Node(done, "after")["status"]!.GetValue<string>());
    }
}
