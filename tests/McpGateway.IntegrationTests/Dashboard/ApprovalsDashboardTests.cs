using System.Diagnostics;
using System.Net;
using ModelContextProtocol.Client;
using OpenQA.Selenium;

namespace McpGateway.IntegrationTests.Dashboard;

/// <summary>
/// The approvals dashboard in headless Chromium against the real gateway: calls held for approval over MCP show up on
/// the page, with their frozen state next to the live one, and the page's buttons decide them through the REST API.
/// </summary>
public sealed class ApprovalsDashboardTests
{
    private const string ApprovalPolicy = """
        policy:
          rules:
            - when: "tool == 'demo__set_invoice'"
              action: require_approval
              reason: "invoice changes need a human"
              contract:
                intent: "update invoice"
                threshold: strict
                state_refetch: { tool: demo__get_invoice, args: { invoice_id: "{{args.invoice_id}}" } }

        """;

    private const string KeysAuth = "  auth: keys\n";

    private static string Config(string gatewayExtra = "") =>
        TestConfigs.Header.Replace("gateway:\n", "gateway:\n" + gatewayExtra, StringComparison.Ordinal)
        + TestConfigs.StdioUpstream("demo") + ApprovalPolicy;

    [Fact]
    public async Task Page_Served_WithStrictHeadersAndTheConsolesSharedStylesheetAndApiScript()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(), "demo");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var redirect = await http.GetAsync(gateway.Url("/dashboard"));
        using var page = await http.GetAsync(gateway.Url("/dashboard/approvals"));
        var html = await page.Content.ReadAsStringAsync();
        var scripts = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/dashboard/assets/approvals.js", "/dashboard/assets/approvals-diff.js", "/console/assets/console-api.js" })
        {
            scripts.Add(await http.GetAsync(gateway.Url(path)));
        }

        // One stylesheet and one API script for the console and this page: the page's own copies are gone.
        using var ownStyles = await http.GetAsync(gateway.Url("/dashboard/assets/approvals.css"));
        using var ownApi = await http.GetAsync(gateway.Url("/dashboard/assets/approvals-api.js"));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/dashboard/approvals", redirect.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("assets/approvals.js", html, StringComparison.Ordinal);
        Assert.Contains("href=\"../console/assets/console.css\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, ownStyles.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ownApi.StatusCode);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.All(scripts, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        Assert.All(scripts, s => Assert.Equal("text/javascript; charset=utf-8", s.Content.Headers.ContentType?.ToString()));
    }

    [ChromiumFact]
    public async Task Approve_StateUnchanged_ShowsDiffAndExecutedDecision()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(), "demo");
        await using var client = await gateway.ConnectAsync();
        var approvalId = await HoldSetInvoiceAsync(client, "inv_1", 99.5m);
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard"));
        OpenApproval(browser, approvalId);
        var diff = DiffRows(browser);
        browser.Click("approve");
        var decision = browser.TextWhen("decision-value", t => t.Length > 0, "the approval's decision");
        browser.Until(d => d.FindElements(RowOf(approvalId)).Count == 0 ? "gone" : null, "the approved call to leave the pending list");
        var status = browser.TextWhen("detail-status", t => t != "pending", "the approval's status to change");

        Assert.Equal("demo__set_invoice", browser.Visible("detail-tool").Text);
        Assert.Equal("update invoice", browser.Visible("detail-intent").Text);
        Assert.Equal("invoice changes need a human", browser.Visible("detail-reason").Text);
        Assert.Contains("\"inv_1\"", browser.Visible("detail-arguments").Text, StringComparison.Ordinal);
        Assert.Contains(diff, r => r is { Field: "balance", Frozen: "120.5", Live: "120.5", Changed: false });
        Assert.Contains(diff, r => r is { Field: "status", Frozen: "open", Live: "open" });
        Assert.All(diff, r => Assert.False(r.Changed, $"{r.Field} marked changed"));
        Assert.Equal("executed", decision);
        Assert.Equal("executed", status);
        Assert.NotEqual("—", browser.Visible("decision-message").Text);
        Assert.Equal(99.5m, await BalanceAsync(client, "inv_1"));
    }

    [ChromiumFact]
    public async Task Reject_StateDrifted_HighlightsChangedFieldsAndShowsRejected()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(), "demo");
        await using var client = await gateway.ConnectAsync();
        var approvalId = await HoldSetInvoiceAsync(client, "inv_3", 0);
        // Someone pays part of the invoice while the change waits: balance 40 -> 25, version 1 -> 2.
        await client.CallToolAsync("demo__pay_invoice", new Dictionary<string, object?> { ["invoice_id"] = "inv_3", ["amount"] = 15 });
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard/approvals"));
        var approver = browser.Visible("approver");
        approver.Clear();
        approver.SendKeys("alice");
        OpenApproval(browser, approvalId);
        var diff = DiffRows(browser);
        browser.Click("reject");
        browser.Visible("reject-reason").SendKeys("the customer already paid part of it");
        browser.Click("reject-confirm");
        var decision = browser.TextWhen("decision-value", t => t.Length > 0, "the rejection's decision");
        var decided = browser.TextWhen("detail-decided", t => t.Contains("alice", StringComparison.Ordinal), "the approval to show who decided");

        Assert.Equal(new[] { "balance", "version" }, diff.Where(r => r.Changed).Select(r => r.Field).Order().ToArray());
        Assert.Contains(diff, r => r is { Field: "balance", Frozen: "40", Live: "25", Changed: true });
        Assert.Contains(diff, r => r is { Field: "customer_id", Frozen: "cust_1", Live: "cust_1", Changed: false });
        Assert.All(browser.All("[data-testid='diff-row'][data-changed='true']"), row => Assert.Contains("changed", row.GetDomAttribute("class"), StringComparison.Ordinal));
        Assert.Equal("rejected", decision);
        Assert.Contains("alice", decided, StringComparison.Ordinal);
        Assert.Equal("rejected", browser.Visible("detail-status").Text);
        Assert.Equal(25m, await BalanceAsync(client, "inv_3"));
    }

    [ChromiumFact]
    public async Task Approve_StateDriftedUnderStrictThreshold_ShowsRequeuedAndOpensTheNewApproval()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(), "demo");
        await using var client = await gateway.ConnectAsync();
        var approvalId = await HoldSetInvoiceAsync(client, "inv_1", 0);
        await client.CallToolAsync("demo__pay_invoice", new Dictionary<string, object?> { ["invoice_id"] = "inv_1", ["amount"] = 20.5 });
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard/approvals"));
        OpenApproval(browser, approvalId);
        browser.Click("approve");
        var decision = browser.TextWhen("decision-value", t => t.Length > 0, "the approval's decision");
        var newId = browser.Visible("decision-new-approval").Text;
        browser.Click("decision-new-approval");
        browser.Visible(By.CssSelector($"[data-testid='detail'][data-approval-id='{newId}'][data-loaded='true']"), "the new approval's details");
        var diff = DiffRows(browser);

        Assert.Equal("requeued", decision);
        Assert.StartsWith("appr_", newId, StringComparison.Ordinal);
        Assert.NotEqual(approvalId, newId);
        Assert.Equal(approvalId, browser.Visible("detail-parent").Text);
        Assert.Equal("pending", browser.Visible("detail-status").Text);
        Assert.Contains(diff, r => r is { Field: "balance", Frozen: "100", Live: "100", Changed: false });
        Assert.True(browser.Visible("approve").Enabled);
    }

    [ChromiumFact]
    public async Task Detail_MarkupInArguments_ShownAsTextNotRun()
    {
        const string Markup = "<img src=x onerror=\"window.injected=1\"><b>bold</b>";
        await using var gateway = await GatewayProcess.StartAsync(Config(), "demo");
        await using var client = await gateway.ConnectAsync();
        var result = await client.CallToolAsync("demo__set_invoice", new Dictionary<string, object?> { ["invoice_id"] = "inv_2", ["customer_id"] = Markup });
        var approvalId = result.StructuredContent!.Value.GetProperty("gateway").GetProperty("approval_id").GetString()!;
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard/approvals"));
        OpenApproval(browser, approvalId);
        var arguments = browser.Visible("detail-arguments").Text;

        Assert.Contains("<b>bold</b>", arguments, StringComparison.Ordinal);
        Assert.Empty(browser.All("#detail img, #detail b"));
        Assert.Null(browser.Script("return window.injected;"));
    }

    [ChromiumFact]
    public async Task KeysAuth_NoKeyThenBadKeyThenGoodKey_ShowsUnauthorizedUntilTheKeyIsValid()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(KeysAuth), "demo");
        var key = await CreateKeyAsync(gateway, "dashboard", "approvals:read,approvals:write");
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard/approvals"));
        var noKey = browser.TextWhen("auth-message", t => t.Length > 0, "the unauthorized message");
        UseKey(browser, "mcpgw_not-a-real-key");
        var badKey = browser.TextWhen("auth-message", t => t.Contains("did not accept", StringComparison.Ordinal), "the bad key message");
        UseKey(browser, key);
        browser.Until(d => d.FindElement(By.Id("auth-message")).Displayed ? null : "hidden", "the unauthorized message to go away");
        var empty = browser.Visible("list-empty").Text;

        Assert.StartsWith("401 Unauthorized", noKey, StringComparison.Ordinal);
        Assert.Contains("requires an API key", noKey, StringComparison.Ordinal);
        Assert.StartsWith("401 Unauthorized", badKey, StringComparison.Ordinal);
        Assert.Equal("No approvals.", empty);
        Assert.Equal("A key is in use in this tab.", browser.Visible("key-state").Text);
    }

    [ChromiumFact]
    public async Task KeysAuth_ReadOnlyKey_ApproveShowsForbiddenAndLeavesThePendingCall()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(KeysAuth), "demo");
        var agentKey = await CreateKeyAsync(gateway, "agent", "tools:call", agent: "billing-bot");
        var readKey = await CreateKeyAsync(gateway, "viewer", "approvals:read");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = gateway.Url("/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-API-Key"] = agentKey },
        }), TestClients.Sessions());
        var approvalId = await HoldSetInvoiceAsync(client, "inv_1", 1);
        using var browser = DashboardBrowser.Start();

        browser.Open(gateway.Url("/dashboard/approvals"));
        UseKey(browser, readKey);
        var agent = browser.Visible(RowOf(approvalId), $"approval {approvalId} in the list").FindElements(By.TagName("td"))[3].Text;
        OpenApproval(browser, approvalId);
        browser.Click("approve");
        var forbidden = browser.TextWhen("auth-message", t => t.Length > 0, "the forbidden message");

        Assert.Equal("billing-bot", agent);
        Assert.StartsWith("403 Forbidden", forbidden, StringComparison.Ordinal);
        Assert.Contains("approvals:write", forbidden, StringComparison.Ordinal);
        Assert.False(browser.Visible("detail").FindElement(By.Id("decision")).Displayed);
        Assert.Equal("pending", browser.Visible("detail-status").Text);
        Assert.Equal(120.5m, await BalanceAsync(client, "inv_1"));
    }

    private static async Task<string> HoldSetInvoiceAsync(McpClient client, string invoiceId, decimal balance)
    {
        var result = await client.CallToolAsync("demo__set_invoice", new Dictionary<string, object?> { ["invoice_id"] = invoiceId, ["balance"] = balance });
        var gateway = result.StructuredContent!.Value.GetProperty("gateway");
        Assert.Equal("pending_approval", gateway.GetProperty("status").GetString());
        return gateway.GetProperty("approval_id").GetString()!;
    }

    private static async Task<decimal> BalanceAsync(McpClient client, string invoiceId)
    {
        var result = await client.CallToolAsync("demo__get_invoice", new Dictionary<string, object?> { ["invoice_id"] = invoiceId });
        return result.StructuredContent!.Value.GetProperty("balance").GetDecimal();
    }

    /// <summary>Creates a key with <c>mcpgw keys create</c> in the gateway's store and returns its secret.</summary>
    private static async Task<string> CreateKeyAsync(GatewayProcess gateway, string name, string scopes, string agent = "ops")
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = gateway.Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { TestPaths.GatewayDll, "keys", "create", "--config", gateway.ConfigPath, "--name", name, "--agent", agent, "--scopes", scopes })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mcpgw keys create failed ({process.ExitCode}): {await stderr}");
        return (await stdout).Trim();
    }

    private static void UseKey(DashboardBrowser browser, string key)
    {
        var input = browser.Visible("api-key");
        input.Clear();
        input.SendKeys(key);
        browser.Click("save-key");
    }

    private static By RowOf(string approvalId) => By.CssSelector($"[data-testid='approval-row'][data-approval-id='{approvalId}']");

    /// <summary>Clicks the approval's row and waits until its details, with the live state, are on the page.</summary>
    private static void OpenApproval(DashboardBrowser browser, string approvalId)
    {
        browser.Visible(RowOf(approvalId), $"approval {approvalId} in the list").Click();
        browser.Visible(By.CssSelector($"[data-testid='detail'][data-approval-id='{approvalId}'][data-loaded='true']"), $"approval {approvalId}'s details");
    }

    private static List<DiffRow> DiffRows(DashboardBrowser browser)
    {
        browser.Visible("diff-table");
        return browser.All("[data-testid='diff-row']").Select(row => new DiffRow(
            row.GetDomAttribute("data-field")!,
            row.FindElement(By.CssSelector("[data-testid='diff-frozen']")).Text,
            row.FindElement(By.CssSelector("[data-testid='diff-live']")).Text,
            row.GetDomAttribute("data-changed") == "true")).ToList();
    }

    private sealed record DiffRow(string Field, string Frozen, string Live, bool Changed);
}
