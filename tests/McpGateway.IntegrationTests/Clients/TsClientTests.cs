using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Clients;

/// <summary>
/// The TypeScript SDK v2 client (<c>@modelcontextprotocol/client</c> 2.4.0, a real Node process) against the real
/// gateway, at 2026-07-28 (stateless, <c>server/discover</c>) and 2025-11-25 (<c>initialize</c>, a session), on every
/// surface: <c>/mcp</c>, <c>/c/{connector}/mcp</c>, <c>/s/{name}/mcp</c> and <c>mcpgw stdio</c>.
/// </summary>
public sealed class TsClientTests(TsClientFixture fixture) : IClassFixture<TsClientFixture>
{
    private const string Aggregated = "aggregated";
    private const string Connector = "connector";
    private const string Server = "server";
    private const string Stdio = "stdio";

    private GatewayProcess Gateway => fixture.Gateway;

    [TsClientTheory]
    [InlineData(TsClient.Modern)]
    [InlineData(TsClient.Legacy)]
    public async Task AggregatedEndpoint_TsClientAtRevision_ToolsResourcesPromptsCompletionAndProgress(string revision) =>
        AssertCatalogRun(revision, await RunCatalogAsync(revision, Aggregated));

    [TsClientTheory]
    [InlineData(TsClient.Modern)]
    [InlineData(TsClient.Legacy)]
    public async Task ConnectorEndpoint_TsClientAtRevision_UpstreamNamesForToolsResourcesPromptsCompletionAndProgress(string revision) =>
        AssertCatalogRun(revision, await RunCatalogAsync(revision, Connector));

    [TsClientTheory]
    [InlineData(TsClient.Modern)]
    [InlineData(TsClient.Legacy)]
    public async Task Stdio_TsClientAtRevision_ToolsResourcesPromptsCompletionAndProgress(string revision) =>
        AssertCatalogRun(revision, await RunCatalogAsync(revision, Stdio));

    [TsClientTheory]
    [InlineData(TsClient.Modern)]
    [InlineData(TsClient.Legacy)]
    public async Task RegisteredServerEndpoint_TsClientAtRevision_ListsOnlyItsToolsCallsWithProgress(string revision)
    {
        var run = await TsClient.RunAsync(revision, Transport(Server), [
            TsClient.ListTools(),
            TsClient.CallTool("demo__echo", new JsonObject { ["text"] = "via " + revision }),
            TsClient.CallTool("demo__progress", new JsonObject { ["steps"] = 3 }, progress: true),
            TsClient.CallTool("demo__sleep", new JsonObject { ["ms"] = 1 }),
        ]);

        AssertNegotiated(revision, run);
        var tools = run.Result(0)["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order();
        Assert.Equal(["demo__ask_user", "demo__charge", "demo__echo", "demo__progress", "demo__summarize"], tools);
        Assert.Equal("via " + revision, run.Text(1));
        Assert.Equal("done 3", run.Text(2));
        Assert.Equal([1d, 2d, 3d], run.Progress(2));
        Assert.True(run.Result(3)["isError"]!.GetValue<bool>());
        Assert.Contains("allowed tools", run.Text(3), StringComparison.Ordinal);
    }

    [TsClientTheory]
    [InlineData(TsClient.Modern, Aggregated)]
    [InlineData(TsClient.Modern, Connector)]
    [InlineData(TsClient.Modern, Server)]
    [InlineData(TsClient.Modern, Stdio)]
    [InlineData(TsClient.Legacy, Aggregated)]
    [InlineData(TsClient.Legacy, Connector)]
    [InlineData(TsClient.Legacy, Server)]
    [InlineData(TsClient.Legacy, Stdio)]
    public async Task KeyedCharge_TsClientCallsTwice_SecondReplaysAndChargesOnce(string revision, string surface)
    {
        var paymentId = $"pay_ts_{surface}_{revision}_{Guid.NewGuid():N}";
        var charge = TsClient.CallTool(Tool(surface, "charge"), new JsonObject { ["payment_id"] = paymentId, ["amount"] = 7 });

        var run = await TsClient.RunAsync(revision, Transport(surface), [.. Ready(surface), (JsonObject)charge.DeepClone(), (JsonObject)charge.DeepClone()]);

        var offset = Ready(surface).Count;
        var first = run.Result(offset);
        var second = run.Result(offset + 1);
        Assert.Null(first["isError"]);
        Assert.Equal(paymentId, first["structuredContent"]!["payment_id"]!.GetValue<string>());
        Assert.Equal("replayed", second["_meta"]!["mcpgw/execution"]!["status"]!.GetValue<string>());
        Assert.Equal(first["structuredContent"]!["charge_id"]!.GetValue<string>(), second["structuredContent"]!["charge_id"]!.GetValue<string>());
        Assert.Equal(1, await ChargesAsync(paymentId));
    }

    /// <summary>
    /// A 2025-11-25 upstream asks for elicitation and sampling during the call: a 2025 client is asked on its session, a
    /// 2026 client by an <c>InputRequiredResult</c> that the SDK answers with the same handlers and retries.
    /// </summary>
    [TsClientTheory]
    [InlineData(TsClient.Legacy, Aggregated)]
    [InlineData(TsClient.Legacy, Connector)]
    [InlineData(TsClient.Legacy, Server)]
    [InlineData(TsClient.Legacy, Stdio)]
    [InlineData(TsClient.Modern, Aggregated)]
    [InlineData(TsClient.Modern, Connector)]
    [InlineData(TsClient.Modern, Server)]
    [InlineData(TsClient.Modern, Stdio)]
    public async Task UpstreamElicitationAndSampling_TsClientAtRevision_AnsweredByItsHandlers(string revision, string surface)
    {
        var run = await TsClient.RunAsync(
            revision,
            Transport(surface),
            [
                .. Ready(surface),
                TsClient.CallTool(Tool(surface, "ask_user"), new JsonObject { ["question"] = "favourite colour?" }),
                TsClient.CallTool(Tool(surface, "ask_user"), new JsonObject { ["question"] = "and now?" }),
                TsClient.CallTool(Tool(surface, "summarize"), new JsonObject { ["text"] = "a very long text" }),
            ],
            elicitation: [TsClient.Elicit("accept", new JsonObject { ["answer"] = "teal" }), TsClient.Elicit("decline")],
            sampling: [TsClient.Sample("short")]);

        AssertNegotiated(revision, run);
        var offset = Ready(surface).Count;
        Assert.Equal("user said: teal", run.Text(offset));
        Assert.Equal("user declined", run.Text(offset + 1));
        Assert.Equal("sampled: short", run.Text(offset + 2));
        Assert.Equal(["favourite colour?", "and now?"], run.Elicitations.Select(e => e!["message"]!.GetValue<string>()));
        Assert.Equal("answer", Assert.Single(run.Elicitations[0]!["requestedSchema"]!["properties"]!.AsObject()).Key);
        Assert.Equal("a very long text", Assert.Single(run.Samplings)!["messages"]![0]!["content"]!["text"]!.GetValue<string>());
    }

    /// <summary><c>approver: client</c> for a 2026 client: asked by an <c>InputRequiredResult</c>, the retry continues the same call.</summary>
    [TsClientTheory]
    [InlineData(Aggregated, "inv_1", "accept", true, true)]
    [InlineData(Aggregated, "inv_3", "accept", false, false)]
    [InlineData(Aggregated, "inv_3", "decline", null, false)]
    [InlineData(Connector, "inv_1", "accept", true, true)]
    [InlineData(Connector, "inv_3", "decline", null, false)]
    [InlineData(Stdio, "inv_1", "accept", true, true)]
    [InlineData(Stdio, "inv_3", "accept", false, false)]
    [InlineData(Stdio, "inv_3", "decline", null, false)]
    public async Task InlineApproval_TsClient2026AnswersTheInputRequest_PaysOnlyWhenApproved(
        string surface, string invoice, string action, bool? approve, bool paid)
    {
        var before = await InvoiceVersionAsync(invoice);
        var answer = TsClient.Elicit(action, approve is { } a ? new JsonObject { ["approve"] = a } : null);

        var run = await TsClient.RunAsync(
            TsClient.Modern,
            Transport(surface),
            [.. Ready(surface), TsClient.CallTool(Tool(surface, "pay_invoice"), new JsonObject { ["invoice_id"] = invoice, ["amount"] = 1000 })],
            elicitation: [answer]);

        AssertNegotiated(TsClient.Modern, run);
        Assert.Contains("large payment", Assert.Single(run.Elicitations)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(!paid, run.Result(Ready(surface).Count)["isError"]?.GetValue<bool>() == true);
        Assert.Equal(paid, await InvoiceVersionAsync(invoice) != before);
    }

    [TsClientFact]
    public async Task InlineApproval_TsClient2026RetryLandsOnASecondGatewayProcess_ThatProcessContinuesTheCallOnce()
    {
        await using var beside = await Gateway.StartBesideAsync("demo");
        var before = await InvoiceVersionAsync("inv_1");

        var run = await TsClient.RunAsync(
            TsClient.Modern,
            TsClient.Http(Gateway.Url("/mcp"), fixture.ClientKey, retryUrl: beside.Url("/mcp")),
            [TsClient.CallTool("demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 1000 })],
            elicitation: [TsClient.Elicit("accept", new JsonObject { ["approve"] = true })]);

        Assert.Equal(1, run.Output["retriesSentToRetryUrl"]!.GetValue<int>());
        Assert.Single(run.Elicitations);
        Assert.Null(run.Result(0)["isError"]);
        Assert.Equal(before + 1, await InvoiceVersionAsync("inv_1"));
    }

    [TsClientFact]
    public async Task InlineApproval_TsClient2026RetryWithATamperedState_RefusedWithInvalidParams_NothingPaid()
    {
        var transport = TsClient.Http(Gateway.Url("/mcp"), fixture.ClientKey);
        transport["tamperRequestState"] = true;
        var before = await InvoiceVersionAsync("inv_1");

        var run = await TsClient.RunAsync(
            TsClient.Modern,
            transport,
            [TsClient.CallTool("demo__pay_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["amount"] = 1000 })],
            elicitation: [TsClient.Elicit("accept", new JsonObject { ["approve"] = true })]);

        var entry = run.Output["results"]![0]!;
        Assert.False(entry["ok"]!.GetValue<bool>(), entry.ToJsonString());
        Assert.Equal(-32602, entry["error"]!["code"]!.GetValue<int>());
        Assert.Equal(before, await InvoiceVersionAsync("inv_1"));
    }

    /// <summary>
    /// A 2026 upstream's own <c>InputRequiredResult</c> (its state self-contained) is relayed as the upstream wrote it, so the
    /// retry continues the call on another gateway process sharing the store. (A 2025 upstream's call held open in one
    /// process can only continue there: <c>UpstreamInputRoundTripTests.RawRetry_AtAnotherProcess_IsAClearError_AndNothingRunsTwice</c>.)
    /// </summary>
    [TsClientFact]
    public async Task UpstreamMrtr_TsClient2026RetryLandsOnAnotherProcess_CompletesThere()
    {
        await using var beside = await Gateway.StartBesideAsync("demo");

        var run = await TsClient.RunAsync(
            TsClient.Modern,
            TsClient.Http(Gateway.Url("/mcp"), fixture.ClientKey, retryUrl: beside.Url("/mcp")),
            [TsClient.CallTool("demo__ask_user_mrtr", new JsonObject { ["question"] = "which replica?" })],
            elicitation: [TsClient.Elicit("accept", new JsonObject { ["answer"] = "any" })]);

        Assert.Equal(1, run.Output["retriesSentToRetryUrl"]!.GetValue<int>());
        Assert.Equal("user said: any", run.Text(0));
        Assert.Equal("which replica?", Assert.Single(run.Elicitations)!["message"]!.GetValue<string>());
    }

    [TsClientTheory]
    [InlineData(TsClient.Modern, Aggregated)]
    [InlineData(TsClient.Modern, Connector)]
    [InlineData(TsClient.Legacy, Aggregated)]
    [InlineData(TsClient.Legacy, Connector)]
    [InlineData(TsClient.Modern, Stdio)]
    [InlineData(TsClient.Legacy, Stdio)]
    public async Task Cancel_TsClientAbortsACallTheUpstreamRuns_UpstreamSeesTheCancellation(string revision, string surface)
    {
        var cancel = new JsonObject
        {
            ["op"] = "cancelTool",
            ["name"] = Tool(surface, "sleep"),
            ["arguments"] = new JsonObject { ["ms"] = 60_000 },
            ["statsTool"] = Tool(surface, "get_stats"),
            ["upstreamTool"] = "sleep",
        };

        var run = await TsClient.RunAsync(revision, Transport(surface), [.. Ready(surface), cancel]);

        var result = run.Result(Ready(surface).Count);
        Assert.True(result["cancelledAfter"]!.GetValue<int>() > result["cancelledBefore"]!.GetValue<int>(), result.ToJsonString());
    }

    private async Task<TsClientRun> RunCatalogAsync(string revision, string surface)
    {
        var prefix = surface == Connector ? "" : "demo__";
        var uriPrefix = surface == Connector ? "" : "demo+";
        return await TsClient.RunAsync(revision, Transport(surface), [
            .. Ready(surface),
            TsClient.ListTools(),
            TsClient.CallTool(prefix + "echo", new JsonObject { ["text"] = "hello " + revision }),
            TsClient.CallTool(prefix + "progress", new JsonObject { ["steps"] = 3 }, progress: true),
            TsClient.ReadResource(uriPrefix + "test://static/hello"),
            TsClient.GetPrompt(prefix + "greet", new JsonObject { ["name"] = "Ann" }),
            TsClient.CompletePrompt(prefix + "greet", "name", "al"),
        ]);
    }

    /// <summary>The run of <see cref="RunCatalogAsync"/>: every operation answered as the upstream would, names as the surface shows them.</summary>
    private static void AssertCatalogRun(string revision, TsClientRun run)
    {
        AssertNegotiated(revision, run);
        var i = run.Output["results"]![0]!["op"]!.GetValue<string>() == "waitForTool" ? 1 : 0;
        var tools = run.Result(i)["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.True(tools.Contains("echo") || tools.Contains("demo__echo"), string.Join(", ", tools));
        Assert.Equal("hello " + revision, run.Text(i + 1));
        Assert.Equal("done 3", run.Text(i + 2));
        Assert.Equal([1d, 2d, 3d], run.Progress(i + 2));
        Assert.Equal("hello world", run.Result(i + 3)["contents"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Hello, Ann!", run.Result(i + 4)["messages"]![0]!["content"]!["text"]!.GetValue<string>());
        Assert.Equal(["alice", "albert"], run.Result(i + 5)["completion"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        if (revision == TsClient.Modern)
        {
            // 2026-07-28 results carry caching hints and the server's identity in _meta.
            Assert.NotNull(run.Result(i)["ttlMs"]);
            Assert.StartsWith("mcpgw", run.Result(i + 1)["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    private static void AssertNegotiated(string revision, TsClientRun run)
    {
        Assert.Equal(revision, run.ProtocolVersion);
        Assert.Equal(revision == TsClient.Modern ? "modern" : "legacy", run.Era);
    }

    private JsonObject Transport(string surface) => surface switch
    {
        Aggregated => TsClient.Http(Gateway.Url("/mcp"), fixture.ClientKey),
        Connector => TsClient.Http(Gateway.Url("/c/demo/mcp"), fixture.ClientKey),
        Server => TsClient.Http(Gateway.Url($"/s/{TsClientFixture.ServerName}/mcp"), fixture.ServerToken),
        Stdio => TsClient.Stdio(Gateway, fixture.ClientKey),
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
    };

    /// <summary><c>mcpgw stdio</c> answers before its upstreams connect: wait until the demo tools are listed.</summary>
    private static List<JsonObject> Ready(string surface) => surface == Stdio ? [TsClient.WaitForTool("demo__echo")] : [];

    private static string Tool(string surface, string name) => surface == Connector ? name : "demo__" + name;

    private async Task<int> ChargesAsync(string paymentId) =>
        (await Rest.ReadAsync(Gateway, "demo__lookup_payment", new JsonObject { ["payment_id"] = paymentId }, fixture.AdminKey))["charges"]!.GetValue<int>();

    private async Task<int> InvoiceVersionAsync(string invoice) =>
        (await Rest.ReadAsync(Gateway, "demo__get_invoice", new JsonObject { ["invoice_id"] = invoice }, fixture.AdminKey))["version"]!.GetValue<int>();
}
