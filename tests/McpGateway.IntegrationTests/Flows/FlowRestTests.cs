using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Flows through the REST API of a real gateway with the real demo upstream: runs, versions, dedup, folders, runs list, stats.</summary>
public sealed class FlowRestTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task SyncRun_ChargeFlow_ReturnsOutputsAndCommittedNodes()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("rest-sync"));

        var (status, run) = await FlowApi.StartAsync(Gateway, "rest-sync", new JsonObject { ["payment_id"] = "pay_rest_sync", ["amount"] = 12.5 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal("PRODUCTION", run["environment"]!.GetValue<string>());
        Assert.Equal("API", run["origin"]!.GetValue<string>());
        Assert.Equal(1, run["outputs"]!["charges"]!.GetValue<int>());
        Assert.Equal(12.5, run["outputs"]!["amount"]!.GetValue<double>());
        var details = await FlowApi.GetRunAsync(Gateway, run["id"]!.GetValue<string>());
        Assert.All(details["nodes"]!.AsArray(), n => Assert.Equal("SUCCEEDED", n!["status"]!.GetValue<string>()));
        Assert.StartsWith("exe_", FlowApi.Node(details, "charge")["execution_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_rest_sync"));
    }

    [Fact]
    public async Task AsyncRun_ReturnsRunIdAtOnce_ThenSucceeds()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("rest-async"));

        var (status, run) = await FlowApi.StartAsync(Gateway, "rest-async", new JsonObject { ["payment_id"] = "pay_rest_async", ["amount"] = 3 }, wait: false);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = run["id"]!.GetValue<string>();
        Assert.StartsWith("run_", id, StringComparison.Ordinal);
        var done = await FlowApi.WaitForStatusAsync(Gateway, id, "SUCCEEDED");
        Assert.Equal(1, done["outputs"]!["charges"]!.GetValue<int>());
    }

    [Fact]
    public async Task DedupKey_SameKeyTwice_SameRunAndOneCharge()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("rest-dedup"));
        var inputs = new JsonObject { ["payment_id"] = "pay_rest_dedup", ["amount"] = 5 };

        var (_, first) = await FlowApi.StartAsync(Gateway, "rest-dedup", inputs, dedup: "order-77");
        var (_, second) = await FlowApi.StartAsync(Gateway, "rest-dedup", inputs, dedup: "order-77");

        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.True(first["created"]!.GetValue<bool>());
        Assert.False(second["created"]!.GetValue<bool>());
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_rest_dedup"));
    }

    [Fact]
    public async Task VersionPinning_PublishedLatestAndNumber_RunTheRightVersion()
    {
        await FlowApi.ImportAsync(Gateway, TransformFlow("rest-pin", "one"));
        var (added, v2) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/rest-pin/versions",
            new JsonObject { ["definition"] = JsonNode.Parse(TransformDefinition("two")) });
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal(2, v2["number"]!.GetValue<int>());

        var (_, published) = await FlowApi.StartAsync(Gateway, "rest-pin", []);
        var (_, latest) = await FlowApi.StartAsync(Gateway, "rest-pin", [], version: "latest");
        var (_, pinned) = await FlowApi.StartAsync(Gateway, "rest-pin", [], version: "1");

        Assert.Equal(("one", 1, "PRODUCTION"), (published["outputs"]!["v"]!.GetValue<string>(), published["version"]!.GetValue<int>(), published["environment"]!.GetValue<string>()));
        Assert.Equal(("two", 2, "TESTING"), (latest["outputs"]!["v"]!.GetValue<string>(), latest["version"]!.GetValue<int>(), latest["environment"]!.GetValue<string>()));
        Assert.Equal(("one", 1), (pinned["outputs"]!["v"]!.GetValue<string>(), pinned["version"]!.GetValue<int>()));
        var (_, versions) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows/rest-pin/versions");
        Assert.Equal([2, 1], versions["data"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()));
        var (_, latestVersion) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows/rest-pin/versions/latest");
        Assert.Equal(2, latestVersion["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadReference_SavedInvalidWithStepAndPath_AndNotPublishable()
    {
        await FlowApi.ImportAsync(Gateway, TransformFlow("rest-invalid", "ok"));
        var bad = JsonNode.Parse("""
            { "steps": [
                { "key": "first", "type": "transform", "value": { "a": 1 } },
                { "key": "second", "type": "transform", "value": { "b": "{{ steps.frist.output.a }}" } } ] }
            """);

        var (status, version) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/rest-invalid/versions", new JsonObject { ["definition"] = bad });
        var (publish, problem) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/rest-invalid/operations", new JsonObject { ["type"] = "publish" });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(version["valid"]!.GetValue<bool>());
        var error = Assert.Single(version["errors"]!.AsArray())!.GetValue<string>();
        Assert.Contains("second", error, StringComparison.Ordinal);
        Assert.Contains("frist", error, StringComparison.Ordinal);
        Assert.True(publish is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{publish} {problem}");
        var (_, still) = await FlowApi.StartAsync(Gateway, "rest-invalid", []);
        Assert.Equal("ok", still["outputs"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task InputsAgainstSchema_Violation_Is422AndNoRun()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("rest-inputs"));

        var (status, problem) = await FlowApi.StartAsync(Gateway, "rest-inputs", new JsonObject { ["amount"] = "a lot" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = string.Join(" ", problem["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("payment_id", errors, StringComparison.Ordinal);
        Assert.Contains("amount", errors, StringComparison.Ordinal);
        var (_, runs) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=rest-inputs");
        Assert.Empty(runs["data"]!.AsArray());
    }

    [Fact]
    public async Task Folders_CreateMoveRenameDelete_NonEmptyRefused()
    {
        await FlowApi.ImportAsync(Gateway, TransformFlow("rest-foldered", "x"));
        var (created, folder) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = "billing-rest" });
        Assert.Equal(HttpStatusCode.Created, created);
        var (duplicate, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = "billing-rest" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate);

        var (moved, flow) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/rest-foldered/operations", new JsonObject { ["type"] = "move", ["folder"] = "billing-rest" });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(folder["id"]!.GetValue<string>(), flow["folder_id"]!.GetValue<string>());
        var (refused, why) = await Rest.SendAsync(Gateway, HttpMethod.Delete, "/v1/folders/billing-rest");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("rest-foldered", why["detail"]!.GetValue<string>() + why["errors"], StringComparison.Ordinal);

        var (renamed, _) = await Rest.SendAsync(Gateway, HttpMethod.Patch, "/v1/folders/billing-rest", new JsonObject { ["name"] = "billing-rest-2" });
        Assert.Equal(HttpStatusCode.OK, renamed);
        var (_, inFolder) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?folder=billing-rest-2");
        Assert.Equal("rest-foldered", Assert.Single(inFolder["data"]!.AsArray())!["name"]!.GetValue<string>());
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/rest-foldered/operations", new JsonObject { ["type"] = "move", ["folder"] = null });
        var (deleted, _) = await Rest.SendAsync(Gateway, HttpMethod.Delete, "/v1/folders/billing-rest-2");
        Assert.Equal(HttpStatusCode.OK, deleted);
    }

    [Fact]
    public async Task RunsList_FiltersAndCursorPages_CoverEveryRunOnce()
    {
        await FlowApi.ImportAsync(Gateway, TransformFlow("rest-pages", "p"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, run) = await FlowApi.StartAsync(Gateway, "rest-pages", []);
            ids.Add(run["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (status, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=rest-pages&status=SUCCEEDED&origin=API&environment=PRODUCTION&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(page["data"]!.AsArray().Count <= 2);
            seen.AddRange(page["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
        var (bad, _) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var (badStatus, _) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?status=DONE");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        var (_, none) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=rest-pages&origin=CRON");
        Assert.Empty(none["data"]!.AsArray());
    }

    [Fact]
    public async Task Stats_AfterRuns_CountsThem()
    {
        await FlowApi.ImportAsync(Gateway, TransformFlow("rest-stats", "s"));
        await FlowApi.StartAsync(Gateway, "rest-stats", []);

        var (status, stats) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/stats");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(stats["totalFlows"]!.GetValue<int>() >= 1);
        Assert.True(stats["totalRuns"]!.GetValue<long>() >= 1);
        Assert.True(stats["runsLast24h"]!.GetValue<long>() >= 1);
        Assert.True(stats["runsByStatus"]!["SUCCEEDED"]!.GetValue<long>() >= 1);
        Assert.NotNull(stats["successRate"]);
        Assert.Contains(stats["recentRuns"]!.AsArray(), r => r!["flow"]!.GetValue<string>() == "rest-stats");
        foreach (var field in new[] { "activeRuns", "failedRunsLast24h" })
        {
            Assert.NotNull(stats[field]);
        }
    }

    internal static string TransformDefinition(string value) => $$$"""
        { "steps": [ { "key": "make", "type": "transform", "value": { "v": "{{{value}}}", "n": 1 } } ], "output": "{{ steps.make.output }}" }
        """;

    internal static string TransformFlow(string name, string value) => $$$"""
        { "name": "{{{name}}}", "status": "ENABLED", "publish": true,
          "steps": [ { "key": "make", "type": "transform", "value": { "v": "{{{value}}}", "n": 1 } } ], "output": "{{ steps.make.output }}" }
        """;
}
