using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// With <c>auth: keys</c>, a run's tool steps act with the authority of whoever started or restarted it, never more than
/// its version's author could; triggers act as their own narrow identity.
/// </summary>
public sealed class FlowAuthorityTests(KeysGatewayFixture fixture) : IClassFixture<KeysGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private Task<string> KeyAsync(string name, string scopes, params string[] extra) => ApiKeys.CreateAsync(Gateway, name, name + "-agent", scopes, extra);

    private static string ChargeDefinition(string paymentId, int amount) => $$$"""
        { "steps": [ { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{{paymentId}}}", "amount": {{{amount}}} } } ],
          "output": { "charge": "{{ steps.charge.output.charge_id }}" } }
        """;

    private static string ChargeFlow(string name, string paymentId, int amount, string trigger = "") =>
        $$"""{ "name": "{{name}}", "status": "ENABLED", "publish": true, {{trigger}} """ + ChargeDefinition(paymentId, amount).TrimStart()[1..];

    private async Task<int> ChargesAsync(string admin, string paymentId) =>
        (await Rest.ReadAsync(Gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId }, admin))["charges"]!.GetValue<int>();

    private async Task<JsonNode> RunAsync(string runId, string admin)
    {
        var (status, run) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/runs/{runId}", apiKey: admin);
        Assert.True(status == HttpStatusCode.OK, $"{status} {run}");
        return run;
    }

    private async Task<JsonNode> WaitEndedAsync(string runId, string admin)
    {
        JsonNode run = new JsonObject();
        await Gateway.WaitUntilAsync(async () =>
        {
            run = await RunAsync(runId, admin);
            return run["status"]!.GetValue<string>() is "SUCCEEDED" or "FAILED" or "CANCELED" or "TIMEOUT";
        }, $"run {runId} to end");
        return run;
    }

    /// <summary>The attack as found: an admin's failed run, a new version by a key without tools:call, a latest_version retry.</summary>
    [Fact]
    public async Task RetryLatestVersion_WriterWithoutToolsCall_IsDeniedAndNothingCharged()
    {
        var admin = await KeyAsync("esc-admin", "admin");
        var writer = await KeyAsync("esc-writer", "flows:run,flows:write");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("esc-retry", "pay_esc_retry", -1), admin);
        var (_, failed) = await FlowApi.StartAsync(Gateway, "esc-retry", [], apiKey: admin);
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());

        var (saved, version) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/esc-retry/versions",
            new JsonObject { ["definition"] = JsonNode.Parse(ChargeDefinition("pay_esc_retry", 99)) }, apiKey: writer);
        var (retried, retry) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{failed["id"]}/retry",
            new JsonObject { ["mode"] = "latest_version" }, apiKey: writer);
        Assert.Equal(HttpStatusCode.Created, saved);
        Assert.Equal(HttpStatusCode.Accepted, retried);
        var run = await WaitEndedAsync(retry["id"]!.GetValue<string>(), admin);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        Assert.Contains("tools:call", FlowApi.Node(run, "charge")["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync(admin, "pay_esc_retry"));
        Assert.Equal("esc-writer-agent", run["agent"]!.GetValue<string>());
        Assert.StartsWith("key_", version["author_key_id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryFromFailed_ByAnotherKey_RunsWithTheRetriersAuthority()
    {
        var admin = await KeyAsync("rff-admin", "admin");
        var runner = await KeyAsync("rff-runner", "flows:run");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("rff", "pay_rff", -1), admin);
        var (_, failed) = await FlowApi.StartAsync(Gateway, "rff", [], apiKey: admin);
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());

        var (retried, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/runs/{failed["id"]}/retry", new JsonObject { ["mode"] = "from_failed" }, apiKey: runner);
        Assert.Equal(HttpStatusCode.Accepted, retried);
        var run = await WaitEndedAsync(failed["id"]!.GetValue<string>(), admin);

        Assert.Equal("rff-runner-agent", run["agent"]!.GetValue<string>());
        Assert.Contains("tools:call", FlowApi.Node(run, "charge")["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartByAdmin_VersionAuthoredByANarrowKey_IsBoundedByTheAuthor()
    {
        var admin = await KeyAsync("author-admin", "admin");
        var author = await KeyAsync("author-narrow", "flows:run,flows:write,tools:call", "--allowed-tools", "demo__lookup_payment");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("authored", "pay_authored", 5), author);

        var (_, started) = await FlowApi.StartAsync(Gateway, "authored", [], apiKey: admin);
        var run = await RunAsync(started["id"]!.GetValue<string>(), admin);

        Assert.Equal("FAILED", run["status"]!.GetValue<string>());
        Assert.Contains("author", FlowApi.Node(run, "charge")["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync(admin, "pay_authored"));
    }

    [Fact]
    public async Task StartByAdmin_VersionAuthoredByAdmin_Charges()
    {
        var admin = await KeyAsync("own-admin", "admin");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("own", "pay_own", 5), admin);

        var (_, run) = await FlowApi.StartAsync(Gateway, "own", [], apiKey: admin);

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(1, await ChargesAsync(admin, "pay_own"));
        Assert.Equal("own-admin-agent", run["agent"]!.GetValue<string>());
    }

    [Fact]
    public async Task CronRun_UnderKeys_CallsTheToolAsTheTriggerIdentity()
    {
        var admin = await KeyAsync("cron-admin", "admin");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("cron-charge", "pay_cron", 3, """ "trigger": { "type": "cron", "cron": "* * * * * ?" }, """), admin);

        JsonNode? first = null;
        await Gateway.WaitUntilAsync(async () =>
        {
            var (_, page) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/runs?flow=cron-charge&origin=CRON", apiKey: admin);
            first = page["data"]!.AsArray().LastOrDefault();
            return first is not null;
        }, "a cron run");
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/cron-charge/operations", new JsonObject { ["type"] = "disable" }, apiKey: admin);
        var run = await WaitEndedAsync(first!["id"]!.GetValue<string>(), admin);

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal("trigger:cron:cron-charge", run["agent"]!.GetValue<string>());
        Assert.True(await ChargesAsync(admin, "pay_cron") >= 1);
    }

    [Fact]
    public async Task WebhookRun_UnderKeys_CallsTheToolAsTheTriggerIdentity()
    {
        const string secret = "whsec_authority_0123456789";
        var admin = await KeyAsync("hook-admin", "admin");
        await FlowApi.ImportAsync(Gateway, ChargeFlow("hook-charge", "pay_hook", 4, """ "trigger": { "type": "webhook" }, """), admin);
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/hook-charge/operations", new JsonObject { ["type"] = "set_webhook_secret", ["secret"] = secret }, apiKey: admin);

        var (status, run) = await WebhookTests.PostSignedAsync(Gateway, "hook-charge", "{}", secret, "?wait=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal("trigger:webhook:hook-charge", run["agent"]!.GetValue<string>());
        Assert.Equal(1, await ChargesAsync(admin, "pay_hook"));
    }

    [Fact]
    public async Task WebhookRun_ToolHeldForApproval_ApprovedRunsAsTheTrigger()
    {
        const string secret = "whsec_authority_approval_0123";
        var admin = await KeyAsync("hold-admin", "admin");
        await FlowApi.ImportAsync(Gateway, """
            { "name": "hook-hold", "status": "ENABLED", "publish": true, "trigger": { "type": "webhook" },
              "steps": [ { "key": "set", "type": "tool", "tool": "demo__set_invoice", "args": { "invoice_id": "inv_1", "status": "disputed" } } ] }
            """, admin);
        await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/hook-hold/operations", new JsonObject { ["type"] = "set_webhook_secret", ["secret"] = secret }, apiKey: admin);

        var (status, started) = await WebhookTests.PostSignedAsync(Gateway, "hook-hold", "{}", secret);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var runId = started["id"]!.GetValue<string>();
        string? approvalId = null;
        await Gateway.WaitUntilAsync(async () =>
        {
            var paused = await RunAsync(runId, admin);
            approvalId = paused["nodes"]!.AsArray().FirstOrDefault()?["approval_id"]?.GetValue<string>();
            return approvalId is not null;
        }, "the webhook run to wait for approval");
        var (_, decision) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{approvalId}/approve", new JsonObject { ["approver"] = "ann" }, apiKey: admin);
        var run = await WaitEndedAsync(runId, admin);

        Assert.Equal("executed", decision["decision"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal("disputed", (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_1" }, admin))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConnectionInToolArgs_VersionSavedWithoutAdmin_StepRefused_AnAdminsVersionRuns()
    {
        var admin = await KeyAsync("conn-admin", "admin");
        var writer = await KeyAsync("conn-writer", "flows:run,flows:write,tools:call");
        var (put, _) = await Rest.SendAsync(Gateway, HttpMethod.Put, "/v1/connections/authority_crm",
            new JsonObject { ["type"] = "CUSTOM_AUTH", ["value"] = new JsonObject { ["payment"] = "pay_conn_authority" } }, apiKey: admin);
        Assert.Equal(HttpStatusCode.Created, put);
        var flow = """
            { "name": "conn-authority", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "charge", "type": "tool", "tool": "demo__charge", "args": { "payment_id": "{{ connections.authority_crm.payment }}", "amount": 2 } } ] }
            """;

        await FlowApi.ImportAsync(Gateway, flow, writer);
        var (_, byWriter) = await FlowApi.StartAsync(Gateway, "conn-authority", [], apiKey: writer);
        await FlowApi.ImportAsync(Gateway, flow.Replace("\"amount\": 2", "\"amount\": 4", StringComparison.Ordinal), admin);
        var (_, byAdminsVersion) = await FlowApi.StartAsync(Gateway, "conn-authority", [], apiKey: writer);

        Assert.Equal("FAILED", byWriter["status"]!.GetValue<string>());
        Assert.Contains("saved by a key with the admin scope; key 'conn-writer'", byWriter["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", byAdminsVersion["status"]!.GetValue<string>());
        Assert.Equal(1, await ChargesAsync(admin, "pay_conn_authority"));
    }
}
