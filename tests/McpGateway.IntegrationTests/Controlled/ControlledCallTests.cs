using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>The acceptance scenarios of the controlled call, through the real host and a real upstream process.</summary>
public sealed class ControlledCallTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task SafeToolTimeout_IsRecoveredByBoundedRetry()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__slow_first", new JsonObject { ["key"] = "retry-1", ["n"] = 1, ["ms"] = 3000 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(2, body["attempts"]!.GetValue<int>());
        Assert.Equal(2, body["result"]!["structuredContent"]!["call"]!.GetValue<int>());
        Assert.Contains(body["trace"]!.AsArray(), d => d!["stage"]!.GetValue<string>() == "failure" && d["decision"]!.GetValue<string>() == "retry");
    }

    [Fact]
    public async Task SafeToolTimeout_GivesUpAfterTheCap()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__slow_first", new JsonObject { ["key"] = "retry-cap", ["n"] = 5, ["ms"] = 3000 });

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(3, body["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task PaymentTimingOutAfterCharging_IsReconciled_ExactlyOneCharge()
    {
        var args = new JsonObject { ["payment_id"] = "pay_reconcile", ["amount"] = 42, ["hang_after_charge_ms"] = 4000 };

        var (status, body) = await Rest.CallAsync(Gateway, "demo__charge", args);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("reconciled", body["status"]!.GetValue<string>());
        Assert.True(body["gateway"]!["evidence"]!["found"]!.GetValue<bool>());
        Assert.Equal(1, body["attempts"]!.GetValue<int>());
        var again = await Rest.CallAsync(Gateway, "demo__charge", args);
        Assert.Equal("replayed", again.Body["status"]!.GetValue<string>());
        Assert.Equal(1, await ChargesAsync("pay_reconcile"));
    }

    [Fact]
    public async Task PaymentCancelledByTheCallerAfterCharging_IsReconciled_RepeatReplaysAndOneCharge()
    {
        var args = new JsonObject { ["payment_id"] = "pay_cancelled", ["amount"] = 7, ["hang_after_charge_ms"] = 900 };
        await using (var client = await Gateway.ConnectAsync())
        {
            using var cancel = new CancellationTokenSource();
            var call = client.CallToolAsync("demo__charge", new Dictionary<string, object?> { ["payment_id"] = "pay_cancelled", ["amount"] = 7, ["hang_after_charge_ms"] = 900 }, cancellationToken: cancel.Token).AsTask();
            await Gateway.WaitUntilAsync(async () => await ChargesAsync("pay_cancelled") == 1, "the charge to be recorded upstream", 20);
            await cancel.CancelAsync(); // the upstream charged and is still answering: the outcome is unknown to the gateway
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        // The gateway probed after the cancel and kept the evidence under the key: the repeat replays it, never charges.
        JsonNode? body = null;
        await Gateway.WaitUntilAsync(async () =>
        {
            (_, body) = await Rest.CallAsync(Gateway, "demo__charge", args);
            return body["status"]!.GetValue<string>() == "replayed";
        }, "the repeat to replay the reconciled charge", 20);
        Assert.True(body!["gateway"]!["replayed_from"] is not null);
        Assert.Equal(1, await ChargesAsync("pay_cancelled"));
    }

    [Fact]
    public async Task CrmUpdateForTheWrongCustomer_IsBlockedBeforeTheUpstream()
    {
        var extra = new JsonObject { ["entity_resolution"] = new JsonObject { ["entity_id"] = "cust_1", ["source"] = "crm.search", ["resolved_at"] = "2026-11-22T10:00:00Z" } };

        var (status, body) = await Rest.CallAsync(Gateway, "demo__crm_update",
            new JsonObject { ["customer_id"] = "cust_9", ["fields"] = new JsonObject { ["email"] = "x@example.com" } }, extra: extra);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("blocked", body["status"]!.GetValue<string>());
        Assert.Equal("customer_id", body["gateway"]!["entity_mismatches"]![0]!["path"]!.GetValue<string>());
        var updates = await Rest.ReadAsync(Gateway, "demo__crm_updates", new JsonObject { ["customer_id"] = "cust_9" });
        Assert.Equal(0, updates["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task CrmUpdateForTheResolvedCustomer_Runs()
    {
        var extra = new JsonObject { ["entity_resolution"] = new JsonObject { ["entity_id"] = "cust_7", ["source"] = "crm.search" } };

        var (status, body) = await Rest.CallAsync(Gateway, "demo__crm_update",
            new JsonObject { ["customer_id"] = "cust_7", ["fields"] = new JsonObject { ["email"] = "ok@example.com" } }, extra: extra);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("completed", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TemplatedChargeCalledUnderThreeCallerKeys_ChargedOnce()
    {
        // Regression: a caller's Idempotency-Key replaced the tool's "charge:{{args.payment_id}}" template, so varying it
        // charged one payment three times.
        var args = new JsonObject { ["payment_id"] = "pay_keys", ["amount"] = 8 };

        var statuses = new List<string>();
        foreach (var key in new[] { "order-k1", "order-k2", "order-k3" })
        {
            statuses.Add((await Rest.CallAsync(Gateway, "demo__charge", (JsonObject)args.DeepClone(), idempotencyKey: key)).Body["status"]!.GetValue<string>());
        }

        Assert.Equal(["completed", "replayed", "replayed"], statuses);
        Assert.Equal(1, await ChargesAsync("pay_keys"));
    }

    [Fact]
    public async Task DuplicateCallWithOneKey_IsReplayed_OneSideEffect()
    {
        var args = new JsonObject { ["payment_id"] = "pay_dup", ["amount"] = 5 };

        var first = await Rest.CallAsync(Gateway, "demo__charge", args, idempotencyKey: "order-dup");
        var second = await Rest.CallAsync(Gateway, "demo__charge", args, idempotencyKey: "order-dup");

        Assert.Equal("completed", first.Body["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("replayed", second.Body["status"]!.GetValue<string>());
        Assert.Equal(first.Body["result"]!.ToJsonString(), second.Body["result"]!.ToJsonString());
        Assert.Equal(1, await ChargesAsync("pay_dup"));
    }

    [Fact]
    public async Task KeyReusedWithOtherArguments_IsRejected()
    {
        await Rest.CallAsync(Gateway, "demo__charge", new JsonObject { ["payment_id"] = "pay_reuse", ["amount"] = 5 }, idempotencyKey: "order-reuse");

        var (status, body) = await Rest.CallAsync(Gateway, "demo__charge", new JsonObject { ["payment_id"] = "pay_reuse", ["amount"] = 500 }, idempotencyKey: "order-reuse");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("other arguments", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await ChargesAsync("pay_reuse"));
    }

    [Fact]
    public async Task ConcurrentCallsWithOneKey_OneRuns_TheOtherConflictsOrReplays()
    {
        var args = new JsonObject { ["payment_id"] = "pay_race", ["amount"] = 7, ["delay_ms"] = 300 };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Rest.CallAsync(Gateway, "demo__charge", (JsonObject)args.DeepClone(), idempotencyKey: "order-race")));

        var statuses = results.Select(r => r.Body["status"]!.GetValue<string>()).ToList();
        Assert.Single(statuses, s => s == "completed");
        Assert.All(statuses.Where(s => s != "completed"), s => Assert.True(s is "blocked" or "replayed", s));
        Assert.Equal(1, await ChargesAsync("pay_race"));
    }

    [Fact]
    public async Task StaleApproval_IsRequeued_NotExecuted_ThenTheFreshOneExecutes_AllAsTheFrozenExecution()
    {
        await using var client = await Gateway.ConnectAsync();
        var args = new Dictionary<string, object?> { ["invoice_id"] = "inv_3", ["status"] = "disputed" };

        var pending = await client.CallToolAsync("demo__set_invoice", args);
        Assert.True(pending.IsError);
        var gateway = GatewayOf(pending);
        Assert.Equal("pending_approval", gateway["status"]!.GetValue<string>());
        Assert.Contains("nothing was executed", Text(pending), StringComparison.Ordinal);
        var approvalId = gateway["approval_id"]!.GetValue<string>();
        var frozen = gateway["execution_id"]!.GetValue<string>();

        await Rest.CallAsync(Gateway, "demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_3", ["amount"] = 10 });
        var (_, decision) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{approvalId}/approve", new JsonObject { ["approver"] = "ann" });

        Assert.Equal("requeued", decision["decision"]!.GetValue<string>());
        Assert.Equal("invalidated", decision["approval_status"]!.GetValue<string>());
        Assert.Contains(decision["drift"]!.AsArray(), d => d!["field"]!.GetValue<string>() == "balance");
        Assert.NotEqual("disputed", (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_3" }))["status"]!.GetValue<string>());
        var newId = decision["new_approval_id"]!.GetValue<string>();
        var (_, fresh) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{newId}");
        Assert.Equal(approvalId, fresh["parent_approval_id"]!.GetValue<string>());

        var still = await client.CallToolAsync("demo__set_invoice", args);
        Assert.Equal(newId, GatewayOf(still)["approval_id"]!.GetValue<string>());

        var (_, executed) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{newId}/approve", new JsonObject { ["approver"] = "ann" });
        Assert.Equal("executed", executed["decision"]!.GetValue<string>());
        Assert.Equal(frozen, executed["execution_id"]!.GetValue<string>());
        var (_, record) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/executions/{frozen}");
        Assert.Equal("completed", record["status"]!.GetValue<string>());
        var repeat = await client.CallToolAsync("demo__set_invoice", args);
        Assert.NotEqual(true, repeat.IsError);
        Assert.Equal("disputed", JsonNode.Parse(repeat.StructuredContent!.Value.GetRawText())!["status"]!.GetValue<string>());
        Assert.Equal("replayed", repeat.Meta!["mcpgw/execution"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredApproval_IsCancelled()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_2", ["status"] = "void" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();

        var (_, frozen) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{id}");
        var expiresAt = frozen["expires_at"]!.GetValue<DateTimeOffset>();
        await Gateway.WaitUntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > expiresAt), "the approval to expire");
        var (_, decision) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject());

        Assert.Equal("cancelled", decision["decision"]!.GetValue<string>());
        Assert.NotEqual("void", (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_2" }))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TwoApproversRacing_DecideOnce()
    {
        var (_, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "race" });
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject { ["approver"] = $"a{i}" })));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Equal(2, answers.Count(a => a.Status == HttpStatusCode.Conflict));
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{id}");
        Assert.Equal("executed", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RejectedApproval_ExecutesNothing_AndCannotBeApprovedAfter()
    {
        var (_, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "rejected-change" });
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();

        var (_, rejected) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{id}/reject", new JsonObject { ["reason"] = "no" });
        var (late, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, $"/v1/approvals/{id}/approve", new JsonObject());

        Assert.Equal("rejected", rejected["decision"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, late);
        Assert.NotEqual("rejected-change", (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = "inv_1" }))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task InconsistentStateOnVerification_ReturnsReplanRequired()
    {
        var verify = new JsonObject
        {
            ["intent"] = "pay the open balance",
            ["required_fields"] = new JsonArray("balance"),
            ["assumed_state"] = new JsonObject { ["balance"] = 999, ["status"] = "open" },
            ["state_refetch"] = new JsonObject { ["tool"] = "demo__get_invoice", ["args"] = new JsonObject { ["invoice_id"] = "{{args.invoice_id}}" } },
            ["on_mismatch"] = "replan",
        };

        var (status, body) = await Rest.CallAsync(Gateway, "demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 1 },
            extra: new JsonObject { ["options"] = new JsonObject { ["verify"] = verify } });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("replan_required", body["status"]!.GetValue<string>());
        var drift = body["gateway"]!["verification"]!["drift"]!.AsArray();
        Assert.Contains(drift, d => d!["field"]!.GetValue<string>() == "balance" && d["expected"]!.GetValue<int>() == 999);
    }

    [Fact]
    public async Task StateVerifyEndpoint_ReportsFieldLevelDrift()
    {
        var (status, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/state/verify", new JsonObject
        {
            ["state"] = new JsonObject { ["balance"] = 10, ["status"] = "open" },
            ["assumed_state"] = new JsonObject { ["balance"] = 10, ["status"] = "paid" },
            ["conditions"] = new JsonObject { ["balance"] = "> 0" },
            ["on_mismatch"] = "abort",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abort", body["decision"]!.GetValue<string>());
        Assert.Equal("status", Assert.Single(body["drift"]!.AsArray())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task DenyRule_RefusesTheCall_OverMcpAsIsError()
    {
        await using var client = await Gateway.ConnectAsync();

        var result = await client.CallToolAsync("demo__crm_update", new Dictionary<string, object?> { ["customer_id"] = "cust_5", ["fields"] = new Dictionary<string, object?> { ["tier"] = "vip" } });

        Assert.True(result.IsError);
        Assert.Equal("denied", GatewayOf(result)["status"]!.GetValue<string>());
        Assert.Contains("tiers are set by sales", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaViolation_ListsEveryPath_AndIs422OverRest()
    {
        var (status, body) = await Rest.CallAsync(Gateway, "demo__charge", new JsonObject { ["amount"] = "lots" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var violations = body["gateway"]!["violations"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Contains(violations, v => v.Contains("payment_id", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("amount", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PolicySimulate_SaysWhatWouldHappen_WithoutExecuting()
    {
        var (status, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/policy/simulate", new JsonObject
        {
            ["tool"] = "demo__set_invoice",
            ["arguments"] = new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "simulated" },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("require_approval", body["decision"]!.GetValue<string>());
        var (_, pending) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/approvals?status=pending");
        Assert.DoesNotContain(pending["data"]!.AsArray(), a => a!["arguments"]!["status"]!.GetValue<string>() == "simulated");
    }

    [Fact]
    public async Task Preflight_SaysRiskWarningsAndDecision_WithoutExecuting()
    {
        var (status, charge) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/preflight", new JsonObject
        {
            ["tool"] = "demo__charge",
            ["arguments"] = new JsonObject { ["payment_id"] = "pay_preflight", ["amount"] = 5 },
        });
        var (_, invoice) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/preflight", new JsonObject
        {
            ["tool"] = "demo__set_invoice",
            ["arguments"] = new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "preflight" },
        });
        var (unknown, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/preflight", new JsonObject { ["tool"] = "demo__no_such_tool" });
        var (missing, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/preflight", new JsonObject { ["arguments"] = new JsonObject() });

        // charge: destructive (TestUpstream's annotations), its key from the card's template and a probe configured.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("allow", charge["decision"]!.GetValue<string>());
        Assert.Equal("high", charge["risk"]!.GetValue<string>());
        Assert.Equal(["destructive"], charge["warnings"]!.AsArray().Select(w => w!["code"]!.GetValue<string>()));
        Assert.Single(charge["guardrails"]!.AsArray());
        Assert.Equal("require_approval", invoice["decision"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(0, await ChargesAsync("pay_preflight"));
    }

    [Fact]
    public async Task Traces_CarryEveryStageDecision_AndExport()
    {
        await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = "trace me" });

        var (_, list) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces?tool=demo__echo&limit=5");
        var trace = list["data"]![0]!;
        Assert.Equal("completed", trace["status"]!.GetValue<string>());
        var stages = trace["trace"]!.AsArray().Select(d => d!["stage"]!.GetValue<string>()).ToList();
        Assert.Equal(["resolve", "scope", "journal", "upstream"], stages.Distinct().Where(s => s is "journal" or "resolve" or "scope" or "upstream"));
        Assert.True(trace["latency_ms"]!.GetValue<double>() >= 0);
        Assert.Equal("trace me", OutputText(trace["output"]!));

        // Every export carries the record with the tool's output.
        var (_, json) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces/export?format=json&tool=demo__echo");
        Assert.Equal("trace me", OutputText(json.AsArray().First(t => t!["execution_id"]!.GetValue<string>() == trace["execution_id"]!.GetValue<string>())!["output"]!));
        using var jsonl = await Gateway.Http.GetAsync(Gateway.Url("/v1/traces/export?format=jsonl&tool=demo__echo"));
        Assert.Equal("application/x-ndjson", jsonl.Content.Headers.ContentType!.MediaType);
        var lines = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Contains(lines, l => l["output"] is { } output && OutputText(output) == "trace me");
        var (_, langsmith) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces/export?format=langsmith&tool=demo__echo");
        Assert.Equal("tool", langsmith[0]!["run_type"]!.GetValue<string>());
        Assert.Contains(langsmith.AsArray(), r => r!["outputs"]!["output"] is { } output && OutputText(output) == "trace me");
        var (_, helicone) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/traces/export?format=helicone&tool=demo__echo");
        Assert.Contains(helicone.AsArray(), r => r!["providerResponse"]!["json"]!["output"] is { } output && OutputText(output) == "trace me");
        Assert.Equal(200, helicone[0]!["providerResponse"]!["status"]!.GetValue<int>());
    }

    private static string OutputText(JsonNode output) => output["content"]![0]!["text"]!.GetValue<string>();

    private static JsonNode GatewayOf(CallToolResult result) =>
        JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!["gateway"]!;

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private async Task<int> ChargesAsync(string paymentId)
    {
        var found = await Rest.ReadAsync(Gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId });
        return found["charges"]!.GetValue<int>();
    }
}
