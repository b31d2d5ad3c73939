using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;

namespace McpGateway.IntegrationTests.Admin;

/// <summary>
/// Every list of the admin API through the real host: more rows than a page, walked with <c>next</c>, each row once;
/// a bad limit, a foreign cursor and a cursor of other filters are 400s; the seeds' filters; folder by id.
/// </summary>
public sealed class ListPagingTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Flows_MoreThanAPage_WalkedOnceInNameOrder()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"page-flow-{i}").ToList();
        foreach (var name in names)
        {
            await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow(name, "x"));
        }

        var seen = await WalkAsync("/v1/flows", "name");

        Assert.Equal(names, seen.Where(n => n.StartsWith("page-flow-", StringComparison.Ordinal)));
        Assert.Equal(seen.Distinct(), seen);
    }

    [Fact]
    public async Task Versions_MoreThanAPage_WalkedOnceNewestFirst()
    {
        await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow("page-versions", "v1"));
        for (var i = 2; i <= 5; i++)
        {
            await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/page-versions/versions",
                new JsonObject { ["definition"] = JsonNode.Parse(FlowRestTests.TransformDefinition("v" + i)) });
        }

        var seen = await WalkAsync("/v1/flows/page-versions/versions", "number");

        Assert.Equal(["5", "4", "3", "2", "1"], seen);
    }

    [Fact]
    public async Task Runs_MoreThanAPage_WalkedOnceNewestFirst()
    {
        await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow("page-runs", "r"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await FlowApi.StartAsync(Gateway, "page-runs", [])).Body["id"]!.GetValue<string>());
        }

        var seen = await WalkAsync("/v1/runs?flow=page-runs", "id");

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task Traces_MoreThanAPage_WalkedOnceNewestFirst()
    {
        var label = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = $"{label}-{i}" });
        }

        var seen = await WalkAsync("/v1/traces?tool=demo__echo", "execution_id");
        var (_, first) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces?tool=demo__echo&limit=500");

        Assert.Equal(first["data"]!.AsArray().Select(t => t!["execution_id"]!.GetValue<string>()), seen);
        Assert.True(seen.Count >= 5);
    }

    [Fact]
    public async Task Approvals_MoreThanAPage_WalkedOnceNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = $"inv_page_{i}", ["status"] = "paid" });
            Assert.Equal(HttpStatusCode.Accepted, status);
            ids.Add(body["gateway"]!["approval_id"]!.GetValue<string>());
        }

        var seen = await WalkAsync("/v1/approvals?status=pending", "id");

        Assert.Equal(ids.AsEnumerable().Reverse(), seen.Where(ids.Contains));
        Assert.Equal(seen.Distinct(), seen);
    }

    [Fact]
    public async Task KeysConnectionsServersFolders_MoreThanAPage_WalkedOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/keys", new JsonObject { ["name"] = $"page-key-{i}", ["agent"] = "pager", ["scopes"] = new JsonArray("tools:read") });
            await Rest.SendAsync(Gateway, HttpMethod.Put, $"/v1/connections/page-conn-{i}", new JsonObject { ["type"] = "SECRET_TEXT", ["value"] = new JsonObject { ["secret"] = "v" } });
            await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/mcp-servers", new JsonObject { ["name"] = $"page-server-{i}", ["tools"] = new JsonArray("demo__*") });
            await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = $"page-folder-{i}" });
        }

        var keys = await WalkAsync("/v1/keys", "name");
        var connections = await WalkAsync("/v1/connections", "name");
        var servers = await WalkAsync("/v1/mcp-servers", "name");
        var folders = await WalkAsync("/v1/folders", "name");

        Assert.Equal(5, keys.Count(k => k.StartsWith("page-key-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-conn-{i}"), connections.Where(c => c.StartsWith("page-conn-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-server-{i}"), servers.Where(c => c.StartsWith("page-server-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-folder-{i}"), folders.Where(c => c.StartsWith("page-folder-", StringComparison.Ordinal)));
        Assert.All((List<string>[])[keys, connections, servers, folders], l => Assert.Equal(l.Distinct(), l));
    }

    [Fact]
    public async Task ToolsAndConnectors_InMemoryLists_WalkedOnceInNameOrder()
    {
        var tools = await WalkAsync("/v1/tools", "name");
        var connectors = await WalkAsync("/v1/connectors", "name");
        var (_, quarantined) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/tools/quarantined");

        Assert.True(tools.Count > 2, "the demo upstream has more tools than one page of 2");
        Assert.Equal(tools.Order(StringComparer.Ordinal), tools);
        Assert.Equal(tools.Distinct(), tools);
        Assert.Equal(["demo"], connectors);
        Assert.NotNull(quarantined["data"] as JsonArray);
        Assert.True(quarantined.AsObject().ContainsKey("next"));
    }

    [Theory]
    [InlineData("/v1/flows?limit=0")]
    [InlineData("/v1/runs?limit=501")]
    [InlineData("/v1/approvals?limit=ten")]
    [InlineData("/v1/traces?limit=-1")]
    [InlineData("/v1/keys?limit=1000")]
    public async Task List_BadLimit_Is400NamingTheRange(string path)
    {
        var (status, problem) = await Rest.SendAsync(Gateway, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("from 1 to 500", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_CursorNotIssuedOrOfAnotherListOrFilter_Is400SayingStartAgain()
    {
        for (var i = 0; i < 3; i++)
        {
            await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = $"cursor-folder-{i}" });
        }

        var (_, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/folders?limit=1");
        var cursor = Uri.EscapeDataString(page["next"]!.GetValue<string>());

        var (garbage, problem) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?cursor=not-a-cursor");
        var (otherList, _) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?limit=1&cursor=" + cursor);
        var (otherFilter, _) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces?tool=x&cursor=" + cursor);
        var (same, next) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/folders?limit=1&cursor=" + cursor);

        Assert.Equal(HttpStatusCode.BadRequest, garbage);
        Assert.Contains("start again", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, otherList);
        Assert.Equal(HttpStatusCode.BadRequest, otherFilter);
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.NotEqual(page["data"]![0]!["name"]!.GetValue<string>(), next["data"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task FlowsList_StatusAndFolderFilters_OnlyMatchingFlows_BadStatusIs400()
    {
        var (_, folder) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = "filter-folder" });
        var folderId = folder["id"]!.GetValue<string>();
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows", new JsonObject { ["name"] = "filter-off", ["folder"] = "filter-folder" });
        await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow("filter-on", "x"));
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/filter-on/operations", new JsonObject { ["type"] = "move", ["folder"] = "filter-folder" });

        var (_, disabled) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/flows?folder={folderId}&status=DISABLED");
        var (_, enabled) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?folder=filter-folder&status=ENABLED");
        var (bad, problem) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?status=ON");

        Assert.Equal(["filter-off"], disabled["data"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(["filter-on"], enabled["data"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("ENABLED or DISABLED", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderGet_ByIdOrName_WithFlowCount_UnknownIs404()
    {
        var (_, folder) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/folders", new JsonObject { ["name"] = "get-folder" });
        var id = folder["id"]!.GetValue<string>();
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows", new JsonObject { ["name"] = "in-get-folder", ["folder"] = "get-folder" });

        var (byId, one) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/folders/" + id);
        var (byName, same) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/folders/get-folder");
        var (missing, _) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/folders/fld_nope");

        Assert.Equal(HttpStatusCode.OK, byId);
        Assert.Equal(("get-folder", 1), (one["name"]!.GetValue<string>(), one["flow_count"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.OK, byName);
        Assert.Equal(id, same["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    /// <summary>Walks a list 2 rows a page, asserting the shape, and returns <paramref name="field"/> of every row.</summary>
    private async Task<List<string>> WalkAsync(string path, string field)
    {
        var seen = new List<string>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"{path}{separator}limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {page}");
            var rows = page["data"]!.AsArray();
            Assert.True(rows.Count <= 2);
            seen.AddRange(rows.Select(r => r![field]!.ToString()));
            cursor = page["next"]?.GetValue<string>();
            Assert.True(++pages < 1000, "the pages never end");
        }
        while (cursor is not null);
        return seen;
    }
}
