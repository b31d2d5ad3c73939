using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.IntegrationTests.Flows;
using OpenQA.Selenium;

namespace McpGateway.IntegrationTests.Dashboard;

/// <summary>
/// The console in headless Chromium against the real gateway and a real upstream: every page renders what the REST
/// API holds, each page's actions go through the API, and a screenshot of every page is kept under
/// TestResults/screenshots in the test output folder.
/// </summary>
public sealed class ConsoleTests
{
    private const string SlowFlow = """
        { "name": "console-slow", "description": "Sleeps, then echoes.", "status": "ENABLED", "publish": true,
          "inputs": { "type": "object", "properties": { "ms": { "type": "integer" } }, "required": ["ms"] },
          "steps": [
            { "key": "nap", "type": "tool", "tool": "demo__sleep", "args": { "ms": "{{ inputs.ms }}" } },
            { "key": "say", "type": "tool", "tool": "demo__echo", "args": { "text": "woke" } }
          ] }
        """;

    // Two steps after the first, and a last one waiting on both: three columns, four edges.
    private const string DiamondFlow = """
        { "name": "console-diamond", "status": "ENABLED", "publish": true,
          "steps": [
            { "key": "start", "type": "transform", "value": { "n": 1 }, "next": ["left", "right"] },
            { "key": "left", "type": "transform", "value": { "side": "left" } },
            { "key": "right", "type": "transform", "value": { "side": "right" } },
            { "key": "join", "type": "transform", "value": { "l": "{{ steps.left.output.side }}" }, "depends_on": ["left", "right"] }
          ] }
        """;

    private static JsonObject UpstreamRecord() => new()
    {
        ["kind"] = "mcp-stdio",
        ["command"] = "dotnet",
        ["args"] = new JsonArray(TestPaths.TestUpstreamDll),
    };

    [Fact]
    public async Task Root_RedirectsToTheConsole_AndEveryPageIsServedWithStrictHeaders()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var root = await http.GetAsync(gateway.Url("/"));
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/console/connectors", root.Headers.Location?.OriginalString);
        foreach (var page in new[] { "connectors", "tools", "runs", "executions", "flows", "keys", "servers" })
        {
            using var response = await http.GetAsync(gateway.Url("/console/" + page));
            using var script = await http.GetAsync(gateway.Url($"/console/assets/page-{page}.js"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("default-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType?.ToString());
        }
    }

    [ChromiumFact]
    public async Task EveryPage_RendersTheApiData_AndIsScreenshotted()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path), "demo");
        await FlowApi.ImportAsync(gateway, SlowFlow);
        var (_, run) = await FlowApi.StartAsync(gateway, "console-slow", new JsonObject { ["ms"] = 10 });
        var (_, call) = await Rest.CallAsync(gateway, "demo__echo", new JsonObject { ["text"] = "console" }, idempotencyKey: "console-key-1");
        var (_, held) = await Rest.CallAsync(gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["balance"] = 7, ["status"] = "open" });
        await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys", new JsonObject { ["name"] = "bot", ["agent"] = "bot", ["scopes"] = new JsonArray("tools:read") });
        await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/mcp-servers", new JsonObject { ["name"] = "support", ["tools"] = new JsonArray("demo__*") });
        using var browser = DashboardBrowser.Start();

        Open(browser, gateway, "/");
        Assert.Equal("connected", browser.Visible(Row("connector-row", "demo"), "the demo connector").GetDomAttribute("data-state"));
        browser.Screenshot("console-connectors");

        Open(browser, gateway, "/console/tools?tool=demo__charge");
        Assert.Equal("demo__charge", browser.Visible("card-name").Text);
        Assert.Contains("charge:{{args.payment_id}}", browser.Visible("card-idempotency").Text, StringComparison.Ordinal);
        browser.Screenshot("console-tools");

        Open(browser, gateway, $"/console/runs?id={run["id"]}");
        browser.TextWhen("run-status-value", t => t == "SUCCEEDED", "the run's status");
        Assert.Equal(["nap", "say"], browser.All("[data-testid='run-node']").Select(n => n.GetDomAttribute("data-step")));
        Assert.All(browser.Visible("flow-graph").FindElements(By.CssSelector("[data-testid='graph-node']")), n => Assert.Equal("SUCCEEDED", n.GetDomAttribute("data-status")));
        browser.Screenshot("console-runs");

        var executionId = call["execution_id"]!.GetValue<string>();
        Open(browser, gateway, $"/console/executions?id={executionId}");
        Assert.Equal(executionId, browser.Visible("exec-id").Text);
        Assert.Contains("console-key-1", browser.Visible("exec-idempotency").Text, StringComparison.Ordinal);
        Assert.Contains(browser.All("[data-testid='trace-stage']"), s => s.GetDomAttribute("data-stage") == "upstream");
        browser.Screenshot("console-executions");

        Open(browser, gateway, "/console/flows?flow=console-slow");
        var graph = browser.Visible("flow-graph");
        Assert.Equal(["nap", "say"], graph.FindElements(By.CssSelector("[data-testid='graph-node']")).Select(s => s.GetDomAttribute("data-key")));
        Assert.Equal(["nap->say"], graph.FindElements(By.CssSelector("[data-testid='graph-edge']")).Select(e => $"{e.GetDomAttribute("data-from")}->{e.GetDomAttribute("data-to")}"));
        browser.Screenshot("console-flows");

        Open(browser, gateway, "/console/keys");
        browser.Visible(Row("key-row", "bot", "data-name"), "the bot key");
        browser.Screenshot("console-keys");

        Open(browser, gateway, "/console/servers");
        browser.Visible(Row("server-row", "support"), "the support server");
        browser.Screenshot("console-servers");

        Assert.Equal("pending_approval", held["status"]!.GetValue<string>());
        var approvalId = held["gateway"]!["approval_id"]!.GetValue<string>();
        browser.Open(gateway.Url("/dashboard/approvals"));
        var row = browser.Visible(By.CssSelector($"[data-testid='approval-row'][data-approval-id='{approvalId}']"), "the held call");
        Assert.Contains("inv_1", row.FindElement(By.CssSelector("[data-testid='row-arguments']")).Text, StringComparison.Ordinal);
        row.Click();
        var execution = browser.Until(d => d.FindElement(By.CssSelector("[data-testid='detail-execution'] a")), "the approval's execution link");
        Assert.Contains("/console/executions?id=", execution.GetDomProperty("href"), StringComparison.Ordinal);
        browser.Screenshot("console-approvals");
    }

    [ChromiumFact]
    public async Task ConnectorsPage_AddRestartRemove_GoThroughTheApi()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, "/console/connectors");

        browser.Visible("connector-name").SendKeys("extra");
        var record = browser.Visible("connector-record");
        record.Clear();
        record.SendKeys(UpstreamRecord().ToJsonString());
        browser.Click("connector-save");
        var result = browser.TextWhen("connector-result", t => t.Length > 0, "the add's answer");
        browser.Until(d => d.FindElement(Row("connector-row", "extra")).GetDomAttribute("data-state") == "connected" ? "ok" : null, "extra to connect");
        var since = browser.Visible(Row("connector-row", "extra"), "extra").FindElement(By.CssSelector("[data-testid='since']")).GetDomAttribute("data-since");
        browser.Visible(Row("connector-row", "extra"), "extra").FindElement(By.CssSelector("[data-testid='restart']")).Click();
        browser.Until(d => d.FindElement(Row("connector-row", "extra")) is var r && r.GetDomAttribute("data-state") == "connected" &&
            r.FindElement(By.CssSelector("[data-testid='since']")).GetDomAttribute("data-since") != since ? "ok" : null, "extra to reconnect after the restart");
        browser.Screenshot("console-connectors-added");
        browser.Visible(Row("connector-row", "extra"), "extra").FindElement(By.CssSelector("[data-testid='remove']")).Click();
        browser.Until(d => d.FindElements(Row("connector-row", "extra")).Count == 0 ? "gone" : null, "extra to leave the list");

        Assert.Contains("/c/extra/mcp", result, StringComparison.Ordinal);
        Assert.Empty(browser.Visible(Row("connector-row", "demo"), "demo").FindElements(By.CssSelector("[data-testid='remove']")));
        var (_, tools) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools");
        Assert.DoesNotContain(tools["data"]!.AsArray(), t => t!["connector"]!.GetValue<string>() == "extra");
    }

    [ChromiumFact]
    public async Task ConnectorsPage_BadRecord_ShowsTheFieldError()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, "/console/connectors");

        browser.Visible("connector-name").SendKeys("broken");
        var record = browser.Visible("connector-record");
        record.Clear();
        record.SendKeys("""{"kind": "mcp-stdio"}""");
        browser.Click("connector-save");

        var error = browser.TextWhen("error-message", t => t.Length > 0, "the error banner");
        Assert.Contains("connectors.broken.command", error, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task RunsPage_RunInProgress_UpdatesLiveAndCancels()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await FlowApi.ImportAsync(gateway, SlowFlow);
        var (_, quick) = await FlowApi.StartAsync(gateway, "console-slow", new JsonObject { ["ms"] = 1500 }, wait: false);
        var (_, slow) = await FlowApi.StartAsync(gateway, "console-slow", new JsonObject { ["ms"] = 60000 }, wait: false);
        using var browser = DashboardBrowser.Start();

        // Opened while it runs, the page follows the run to its end without a reload.
        Open(browser, gateway, $"/console/runs?id={quick["id"]}");
        browser.TextWhen("run-status-value", t => t == "SUCCEEDED", "the run to succeed on the open page");
        Assert.All(browser.All("[data-testid='run-node']"), n => Assert.Equal("SUCCEEDED", n.GetDomAttribute("data-status")));
        Assert.Contains("woke", browser.All("[data-testid='node-output']").Last().GetDomProperty("textContent"), StringComparison.Ordinal);

        Open(browser, gateway, $"/console/runs?id={slow["id"]}");
        browser.TextWhen("run-status-value", t => t == "RUNNING", "the slow run to run");
        browser.Click("run-cancel");
        browser.TextWhen("run-status-value", t => t == "CANCELED", "the slow run to be canceled");
        browser.Screenshot("console-runs-canceled");

        browser.Click("run-retry-latest");
        browser.Until(d => d.Url.Contains(slow["id"]!.GetValue<string>(), StringComparison.Ordinal) ? null : "moved", "the retry to open a new run");
        Assert.Equal("CANCELED", (await FlowApi.GetRunAsync(gateway, slow["id"]!.GetValue<string>()))["status"]!.GetValue<string>());
    }

    [ChromiumFact]
    public async Task RunsPage_PauseAndResume_FollowsTheRunsEventStream()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await FlowApi.ImportAsync(gateway, SlowFlow);
        var (_, run) = await FlowApi.StartAsync(gateway, "console-slow", new JsonObject { ["ms"] = 3000 }, wait: false);
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, $"/console/runs?id={run["id"]}");
        browser.TextWhen("run-status-value", t => t == "RUNNING", "the run to run");

        browser.Click("run-pause");

        // The sleep in flight finishes; the echo after it does not start until the page resumes the run.
        browser.TextWhen("run-status-value", t => t == "PAUSED", "the run to pause on the open page");
        Assert.Equal("paused by the console", browser.Visible("run-pause-reason").Text);
        Assert.Equal(["nap"], browser.All("[data-testid='run-node']").Select(n => n.GetDomAttribute("data-step")));
        browser.Screenshot("console-runs-paused");
        browser.Click("run-resume");
        browser.TextWhen("run-status-value", t => t == "SUCCEEDED", "the resumed run to succeed on the open page");
        Assert.Contains("2 tool call(s)", browser.Visible("run-usage").Text, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task ExecutionsPage_UnknownOutcome_SettledFromThePage()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(state.Path, chargeProbe: false), "demo");
        var args = new JsonObject { ["payment_id"] = "pay_console", ["amount"] = 5, ["hang_after_charge_ms"] = 3000 };
        var (_, first) = await Rest.CallAsync(gateway, "demo__charge", args);
        var execution = first["execution_id"]!.GetValue<string>();
        using var browser = DashboardBrowser.Start();

        Open(browser, gateway, $"/console/executions?id={execution}");
        Assert.Contains("pay_console", browser.Visible("exec-arguments").Text, StringComparison.Ordinal);
        browser.Visible("settle-verdict");
        browser.Script("document.querySelector(\"[data-testid='settle-verdict']\").value = 'executed';");
        browser.Visible("settle-note").SendKeys("seen at the processor");
        browser.Click("settle");
        var settled = browser.TextWhen("settle-result", t => t.Length > 0, "the settlement");
        browser.Screenshot("console-executions-settled");
        var (replayStatus, replay) = await Rest.CallAsync(gateway, "demo__charge", args);

        Assert.Contains("reconciled", settled, StringComparison.Ordinal);
        Assert.Contains("executed", browser.Visible("exec-settlement").Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Equal("replayed", replay["status"]!.GetValue<string>());
    }

    [ChromiumFact]
    public async Task FlowsPage_DisableEnablePublish_GoThroughTheApi()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await FlowApi.ImportAsync(gateway, SlowFlow);
        var (added, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/flows/console-slow/versions", new JsonObject
        {
            ["definition"] = JsonNode.Parse("""{ "steps": [ { "key": "only", "type": "tool", "tool": "demo__echo", "args": { "text": "v2" } } ] }"""),
        });
        Assert.Equal(HttpStatusCode.Created, added);
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, "/console/flows?flow=console-slow");

        browser.Click("flow-disable");
        browser.TextWhen("flow-status", t => t == "DISABLED", "the flow to be disabled");
        browser.Click("flow-enable");
        browser.TextWhen("flow-status", t => t == "ENABLED", "the flow to be enabled");
        browser.Visible(By.CssSelector("[data-testid='version-row'][data-number='2'] [data-testid='version-publish']"), "v2's publish button").Click();
        browser.TextWhen("flow-published", t => t == "2", "v2 to be published");

        Assert.Equal(["only"], browser.All("[data-testid='graph-node']").Select(s => s.GetDomAttribute("data-key")));
        var (_, flow) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/flows/console-slow");
        Assert.Equal(2, flow["published_version"]!.GetValue<int>());
    }

    [ChromiumFact]
    public async Task FlowGraph_FanOutAndJoin_OneNodePerStepInItsColumnOneEdgePerDependencyAndRunNodesColoured()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        await FlowApi.ImportAsync(gateway, DiamondFlow);
        var (_, run) = await FlowApi.StartAsync(gateway, "console-diamond", new JsonObject());
        using var browser = DashboardBrowser.Start();

        Open(browser, gateway, "/console/flows?flow=console-diamond");
        var graph = browser.Visible("flow-graph");
        var columns = graph.FindElements(By.CssSelector("[data-testid='graph-node']")).ToDictionary(n => n.GetDomAttribute("data-key") ?? "", n => n.GetDomAttribute("data-layer") ?? "");
        var edges = graph.FindElements(By.CssSelector("[data-testid='graph-edge']")).Select(e => $"{e.GetDomAttribute("data-from")}->{e.GetDomAttribute("data-to")}").Order();
        browser.Screenshot("console-flow-graph");

        Assert.Equal(new Dictionary<string, string> { ["start"] = "0", ["left"] = "1", ["right"] = "1", ["join"] = "2" }, columns);
        Assert.Equal(["left->join", "right->join", "start->left", "start->right"], edges);

        Open(browser, gateway, $"/console/runs?id={run["id"]}");
        browser.TextWhen("run-status-value", t => t == "SUCCEEDED", "the run's status");
        var runNodes = browser.Visible("flow-graph").FindElements(By.CssSelector("[data-testid='graph-node']"));
        Assert.Equal(4, runNodes.Count);
        Assert.All(runNodes, n => Assert.Equal("SUCCEEDED", n.GetDomAttribute("data-status")));
        browser.Screenshot("console-run-graph");
    }

    [ChromiumFact]
    public async Task KeysPage_CreateRotateRevoke_SecretShownOnceAndWorks()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeyEndpointTestsHeader() + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, "/console/keys", waitReady: false);
        browser.TextWhen("auth-message", t => t.StartsWith("401", StringComparison.Ordinal), "the 401 banner without a key");
        UseKey(browser, admin);
        browser.Visible(Row("key-row", "ops", "data-name"), "the admin key");

        browser.Visible("key-name").SendKeys("reader");
        browser.Visible("key-agent").SendKeys("bot-7");
        browser.Visible("key-scopes").SendKeys("tools:read");
        browser.Visible("key-tools").SendKeys("demo__echo");
        browser.Click("key-create");
        var secret = browser.TextWhen("secret", t => t.StartsWith("mcpgw_", StringComparison.Ordinal), "the new secret");
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: secret)).Status);

        browser.Visible(Row("key-row", "reader", "data-name"), "the new key").FindElement(By.CssSelector("[data-testid='key-rotate']")).Click();
        var rotated = browser.TextWhen("secret", t => t.StartsWith("mcpgw_", StringComparison.Ordinal) && t != secret, "the rotated secret");
        browser.Screenshot("console-keys-rotated");
        browser.Until(d => d.FindElements(By.CssSelector("[data-testid='key-row'][data-name='reader'][data-state='active']")).Count == 1 ? "one" : null, "one active reader key");
        browser.Visible(By.CssSelector("[data-testid='key-row'][data-name='reader'][data-state='active'] [data-testid='key-revoke']"), "revoke").Click();
        browser.Until(d => d.FindElements(By.CssSelector("[data-testid='key-row'][data-name='reader'][data-state='active']")).Count == 0 ? "none" : null, "the key to be revoked");

        Assert.DoesNotContain(secret, browser.Visible("keys-table").Text, StringComparison.Ordinal);
        await gateway.WaitUntilAsync(async () => (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: rotated)).Status == HttpStatusCode.Unauthorized,
            "the revoked key to stop working", timeoutSeconds: 20);
    }

    [ChromiumFact]
    public async Task ServersPage_RegisterRotateDelete_TokenShownOnce()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        using var browser = DashboardBrowser.Start();
        Open(browser, gateway, "/console/servers");

        browser.Visible("server-name").SendKeys("support");
        browser.Visible("server-tools").SendKeys("demo__echo, demo__get_*");
        browser.Click("server-create");
        var token = browser.TextWhen("secret", t => t.StartsWith("mcps_", StringComparison.Ordinal), "the token");
        browser.Visible(Row("server-row", "support"), "the server").FindElement(By.CssSelector("[data-testid='server-rotate']")).Click();
        var rotated = browser.TextWhen("secret", t => t.StartsWith("mcps_", StringComparison.Ordinal) && t != token, "the rotated token");
        browser.Visible(Row("server-row", "support"), "the server").FindElement(By.CssSelector("[data-testid='server-delete']")).Click();
        browser.Until(d => d.FindElements(Row("server-row", "support")).Count == 0 ? "gone" : null, "the server to be deleted");

        Assert.NotEqual(token, rotated);
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/mcp-servers");
        Assert.Empty(list["data"]!.AsArray());
    }

    private static string KeyEndpointTestsHeader() => Admin.KeyEndpointTests.KeysConfigHeader;

    private static By Row(string testId, string name, string attribute = "data-name") => By.CssSelector($"[data-testid='{testId}'][{attribute}='{name}']");

    /// <summary>Opens a console page and waits until its first render finished.</summary>
    private static void Open(DashboardBrowser browser, GatewayProcess gateway, string path, bool waitReady = true)
    {
        browser.Open(gateway.Url(path));
        if (waitReady)
        {
            browser.Visible(By.CssSelector("[data-testid='page'][data-ready='true']"), $"{path} to render");
        }
    }

    private static void UseKey(DashboardBrowser browser, string key)
    {
        var input = browser.Visible("api-key");
        input.Clear();
        input.SendKeys(key);
        browser.Click("save-key");
    }
}
