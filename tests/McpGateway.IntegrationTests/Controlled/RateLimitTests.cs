using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// <c>policy.limits</c> through the real host: a call over a limit is refused before it runs (MCP: isError with the
/// limit and the wait; REST: 429 ProblemDetails with Retry-After), journaled like any refusal, and passes again after the
/// window; calls at once are bounded by slots the call gives back. Several replicas on one PostgreSQL share the counts.
/// </summary>
public sealed class RateLimitTests
{
    // Replicas share a host, so a survivor sees a killed one gone by its pid at once; the expiry bounds the rest.
    private const int SettleSeconds = 30;

    [Fact]
    public async Task RequestsOverTheLimit_McpIsErrorAndRest429WithRetryAfter_PassAgainAfterTheWindow()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path, policyExtra: Limit("echo-calls", "tool", "demo__echo", "requests: 2\n      per: 2s")), "demo");
        await using var client = await gateway.ConnectAsync();

        // Windows are aligned to the clock, so the first window may end after one call: call until refused.
        CallToolResult refused = null!;
        await gateway.WaitUntilAsync(async () =>
        {
            refused = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "hi" });
            return refused.IsError == true;
        }, "an MCP call over the limit", 20);
        var (status, retryAfter, problem) = (HttpStatusCode.OK, (TimeSpan?)null, (JsonNode)new JsonObject());
        await gateway.WaitUntilAsync(async () =>
        {
            (status, retryAfter, problem) = await EchoAsync(gateway);
            return status == HttpStatusCode.TooManyRequests;
        }, "a REST call over the limit", 20);
        await gateway.WaitUntilAsync(async () => (await EchoAsync(gateway)).Status == HttpStatusCode.OK, "a call in the next window", 20);

        var sentence = Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text;
        Assert.StartsWith("Rate limit 'echo-calls': 2 calls per 2 s for tool 'demo__echo'; nothing was executed; retry after ", sentence, StringComparison.Ordinal);
        var facts = JsonNode.Parse(refused.StructuredContent!.Value.GetRawText())!["gateway"]!;
        Assert.Equal(("denied", "echo-calls"), (facts["status"]!.GetValue<string>(), facts["limit"]!.GetValue<string>()));
        Assert.InRange(facts["retry_after_s"]!.GetValue<long>(), 1, 2);
        Assert.StartsWith("exe_", facts["execution_id"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, 2);
        Assert.Equal((429, "denied"), (problem["status"]!.GetValue<int>(), problem["final_outcome"]!.GetValue<string>()));
        Assert.Contains("nothing was executed", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(retryAfter.Value.TotalSeconds, problem["retry_after_s"]!.GetValue<long>());

        // Journaled like any refusal: the record exists, the limit stage said why, and nothing reached the upstream.
        var (_, trace) = await Rest.SendAsync(gateway, HttpMethod.Get, $"/v1/executions/{problem["execution_id"]!.GetValue<string>()}");
        Assert.Equal("denied", trace["status"]!.GetValue<string>());
        var stages = trace["trace"]!.AsArray().Select(s => (s!["stage"]!.GetValue<string>(), s["decision"]!.GetValue<string>())).ToList();
        Assert.Contains(("limit", "limited"), stages);
        Assert.DoesNotContain(stages, s => s.Item1 == "upstream");
    }

    [Fact]
    public async Task ConcurrentLimit_SecondCallWhileOneRuns_Refused_PassesOnceItEnds()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path, policyExtra: Limit("one-sleep", "connector", "demo__sleep", "concurrent: 1")), "demo");
        var first = Rest.CallAsync(gateway, "demo__sleep", new JsonObject { ["ms"] = 8000 });
        await gateway.WaitUntilAsync(async () => await InFlightAsync(gateway, "one-sleep") == 1, "the first call to hold the slot", 20);

        var (whileHeld, retryAfter, problem) = await SendAsync(gateway.Http, gateway.Url("/v1/call"), "demo__sleep", 10);
        var (firstStatus, _) = await first;
        var (after, _) = await Rest.CallAsync(gateway, "demo__sleep", new JsonObject { ["ms"] = 10 });

        Assert.Equal(HttpStatusCode.TooManyRequests, whileHeld);
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        Assert.Contains("1 call at once for connector 'demo'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstStatus, after));
        Assert.Equal(0, await InFlightAsync(gateway, "one-sleep"));
    }

    [Fact]
    public async Task Reload_ARaisedLimitAppliesAtOnce_ABadOneKeepsTheLastGood()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        string Config(string counts, string by = "tool") =>
            ControlledConfigs.Demo(state.Path, policyExtra: Limit("echo-day", by, "demo__echo", counts));
        await using var gateway = await GatewayProcess.StartAsync(Config("requests: 1\n      per: 24h"), "demo");
        await EchoAsync(gateway);
        var (overOne, _, _) = await EchoAsync(gateway);

        await File.WriteAllTextAsync(gateway.ConfigPath, Config("requests: 100\n      per: 24h"));
        await gateway.WaitUntilAsync(async () => (await EchoAsync(gateway)).Status == HttpStatusCode.OK, "the raised limit to apply");
        await File.WriteAllTextAsync(gateway.ConfigPath, Config("requests: 2\n      per: 24h", by: "session"));
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("Kept the last good configuration", StringComparison.Ordinal)), "the bad reload to be refused");

        Assert.Equal(HttpStatusCode.TooManyRequests, overOne);
        Assert.Contains("policy.limits[0].by", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await EchoAsync(gateway)).Status);
        var (_, limits) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/limits");
        Assert.Equal(100, Assert.Single(limits["limits"]!.AsArray())!["requests"]!.GetValue<int>());
        var table = await CliRunner.RunAsync(gateway.Dir, "limits", "--url", gateway.BaseUrl.ToString());
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Matches(@"echo-day\s+tool\s+demo__echo\s+100/86400s\s+demo__echo: 3 requests, 0 in flight", table.Stdout);
    }

    [Fact]
    public async Task KeyMadeWithALimit_RestOrCli_LimitedAlone_BadLimitIs422()
    {
        await using var gateway = await GatewayProcess.StartAsync(Admin.KeyEndpointTests.KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");
        var fromCli = await ApiKeys.CreateAsync(gateway, "cli-limited", "bot-cli", "tools:call", "--limit-requests", "1", "--limit-per", "24h");
        var unlimited = await ApiKeys.CreateAsync(gateway, "free", "bot-free", "tools:call");
        JsonObject KeyBody(string name, JsonNode limit) =>
            new() { ["name"] = name, ["agent"] = "bot-rest", ["scopes"] = new JsonArray("tools:call"), ["limit"] = limit };
        var (created, key) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys", KeyBody("rest-limited", new JsonObject { ["requests"] = 1, ["per"] = "24h" }), apiKey: admin);
        var (bad, badProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys", KeyBody("bad", new JsonObject { ["requests"] = 5 }), apiKey: admin);
        var fromRest = key["secret"]!.GetValue<string>();
        var echo = new JsonObject { ["text"] = "hi" };

        var statuses = new List<HttpStatusCode>();
        foreach (var secret in new[] { fromRest, fromRest, fromCli, fromCli, unlimited, unlimited })
        {
            statuses.Add((await Rest.CallAsync(gateway, "demo__echo", echo, apiKey: secret)).Status);
        }

        var (_, refused) = await Rest.CallAsync(gateway, "demo__echo", echo, apiKey: fromRest);
        var cli = await CliRunner.RunAsync(gateway.Dir, "call", "demo__echo", "--args", """{"text":"hi"}""", "--url", gateway.BaseUrl.ToString(), "--key", fromCli);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal((1, 86400.0), (key["limit"]!["requests"]!.GetValue<int>(), key["limit"]!["per_s"]!.GetValue<double>()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("needs both requests and per", badProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK],
            statuses);
        Assert.StartsWith("Rate limit of key 'rest-limited': 1 call per 24 hours for this key; nothing was executed", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, cli.ExitCode); // denied, as the exit codes say for a rate limit
        Assert.Contains("429: Rate limit of key 'cli-limited'", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlowToolStepOverALimit_FailsLikeAnyDefiniteFailure_ItsRetryDecides()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(
            ControlledConfigs.Demo(state.Path, policyExtra: Limit("echo-day", "tool", "demo__echo", "requests: 1\n      per: 24h")), "demo");
        await Flows.FlowApi.ImportAsync(gateway, """
            { "name": "echo-twice", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "first", "type": "tool", "tool": "demo__echo", "args": { "text": "one" }, "next": ["second"] },
                         { "key": "second", "type": "tool", "tool": "demo__echo", "args": { "text": "two" },
                           "retry": { "attempts": 2, "backoff": "10ms" } } ] }
            """);

        var (_, run) = await Flows.FlowApi.StartAsync(gateway, "echo-twice", []);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        var detail = await Flows.FlowApi.GetRunAsync(gateway, run["id"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", Flows.FlowApi.Node(detail, "first")["status"]!.GetValue<string>());
        var second = Flows.FlowApi.Node(detail, "second");
        Assert.Equal(2, second["attempts"]!.GetValue<int>());
        Assert.StartsWith("Rate limit 'echo-day': 1 call per 24 hours for tool 'demo__echo'; nothing was executed", second["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Dashboard.ChromiumFact]
    public async Task ConsoleLimitsPage_ShowsEachLimitAndItsUse()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(
            ControlledConfigs.Demo(state.Path, policyExtra: Limit("echo-day", "tool", "demo__echo", "requests: 5\n      per: 24h")), "demo");
        await EchoAsync(gateway);
        await EchoAsync(gateway);
        using var browser = Dashboard.DashboardBrowser.Start();

        browser.Open(gateway.Url("/console/limits"));
        browser.Visible(OpenQA.Selenium.By.CssSelector("[data-testid='page'][data-ready='true']"), "the limits page to render");
        var row = browser.Visible(OpenQA.Selenium.By.CssSelector("[data-testid='limit-row'][data-name='echo-day'][data-subject='demo__echo']"), "the echo-day row");

        Assert.Equal("2", row.FindElement(OpenQA.Selenium.By.CssSelector("[data-testid='limit-requests']")).Text);
        Assert.Contains("5 per 86400 s", row.Text, StringComparison.Ordinal);
        browser.Screenshot("console-limits");
    }

    [PostgresFact]
    public async Task TwoReplicas_OnePostgres_ShareTheRequestCount()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        // A day's window: the test cannot straddle two windows unless it runs across midnight UTC.
        var config = Replicated(database, state.Path, Limit("echo-day", "tool", "demo__echo", "requests: 3\n      per: 24h"));
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await using var b = await GatewayProcess.StartAsync(config, "demo");

        var statuses = new List<HttpStatusCode>();
        foreach (var replica in new[] { a, b, a, b, a })
        {
            statuses.Add((await EchoAsync(replica)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var (_, limits) = await Rest.SendAsync(a, HttpMethod.Get, "/v1/limits");
        var usage = Assert.Single(limits["limits"]!.AsArray())!["usage"]!.AsArray();
        Assert.Equal(("demo__echo", 3), (usage[0]!["subject"]!.GetValue<string>(), usage[0]!["requests"]!.GetValue<int>()));
    }

    [PostgresFact]
    public async Task ConcurrentSlotHeldByKilledReplica_FreedByTheSurvivor()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        using var state = new TempDirectory("mcpgw-upstream-");
        var config = Replicated(database, state.Path, Limit("one-sleep", "tool", "demo__sleep", "concurrent: 1"));
        await using var a = await GatewayProcess.StartAsync(config, "demo");
        await using var b = await GatewayProcess.StartAsync(config, "demo");
        _ = Rest.CallAsync(a, "demo__sleep", new JsonObject { ["ms"] = 120_000 });
        await b.WaitUntilAsync(async () => await InFlightAsync(b, "one-sleep") == 1, "replica a's call to hold the slot", 20);
        var (whileAlive, _, _) = await SendAsync(b.Http, b.Url("/v1/call"), "demo__sleep", 10);

        a.Kill();

        var after = HttpStatusCode.TooManyRequests;
        await b.WaitUntilAsync(async () =>
        {
            (after, _, _) = await SendAsync(b.Http, b.Url("/v1/call"), "demo__sleep", 10);
            return after != HttpStatusCode.TooManyRequests;
        }, "the survivor to free the killed replica's slot", SettleSeconds);
        Assert.Equal(HttpStatusCode.TooManyRequests, whileAlive);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM rate_limit_slots"));
    }

    /// <summary>One <c>policy.limits</c> entry, as lines under <c>policy:</c> in <see cref="ControlledConfigs.Demo"/>.</summary>
    private static string Limit(string name, string by, string tool, string counts) =>
        $"limits:\n    - name: {name}\n      by: {by}\n      tools: [{tool}]\n      {counts}";

    private static string Replicated(TempPostgresDatabase database, string stateDir, string limit) =>
        ControlledConfigs.Demo(stateDir, policyExtra: limit)
            .Replace("  auth: none", $"  auth: none\n{database.GatewayLines()}\n  instance_expiry: 6s", StringComparison.Ordinal);

    private static Task<(HttpStatusCode Status, TimeSpan? RetryAfter, JsonNode Body)> EchoAsync(GatewayProcess gateway) =>
        SendAsync(gateway.Http, gateway.Url("/v1/call"), "demo__echo", null);

    /// <summary>A <c>/v1/call</c> that keeps the Retry-After header (<see cref="Rest"/> returns the body only).</summary>
    private static async Task<(HttpStatusCode Status, TimeSpan? RetryAfter, JsonNode Body)> SendAsync(HttpClient http, Uri url, string tool, int? sleepMs)
    {
        var arguments = sleepMs is { } ms ? new JsonObject { ["ms"] = ms } : new JsonObject { ["text"] = "hi" };
        using var response = await http.PostAsJsonAsync(url, new JsonObject { ["tool"] = tool, ["arguments"] = arguments });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.RetryAfter?.Delta, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private static async Task<int> InFlightAsync(GatewayProcess gateway, string limit)
    {
        var (_, body) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/limits");
        var entry = body["limits"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == limit)!;
        return entry["usage"]!.AsArray().Sum(u => u!["in_flight"]!.GetValue<int>());
    }
}
