using System.Net;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>The operator's CLI against a running gateway (approvals, policy simulate, traces) and config errors in rules.</summary>
public sealed class OperatorToolsTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ApprovalsCli_ListsShowsAndApproves()
    {
        var (_, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "via-cli" });
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();
        var url = Gateway.BaseUrl.ToString();

        var list = await CliRunner.RunAsync(Gateway.Dir, "approvals", "list", "--url", url);
        var show = await CliRunner.RunAsync(Gateway.Dir, "approvals", "show", id, "--url", url, "-o", "json");
        var approve = await CliRunner.RunAsync(Gateway.Dir, "approvals", "approve", id, "--url", url, "-o", "json");

        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"live_state\"", show.Stdout, StringComparison.Ordinal);
        Assert.True(approve.ExitCode == 0, approve.Stderr);
        Assert.Equal("executed", JsonNode.Parse(approve.Stdout)!["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task PolicySimulateCli_SaysDenyForADeniedCall()
    {
        var run = await CliRunner.RunAsync(Gateway.Dir, "policy", "simulate", "-o", "json", "--url", Gateway.BaseUrl.ToString(),
            "--tool", "demo__crm_update", "--args", """{"customer_id":"cust_1","fields":{"tier":"vip"}}""");

        Assert.Equal("deny", JsonNode.Parse(run.Stdout)!["decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task TracesCli_TailsAndExportsJsonLines()
    {
        await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = "cli trace" });

        var tail = await CliRunner.RunAsync(Gateway.Dir, "traces", "tail", "--url", Gateway.BaseUrl.ToString());
        var export = await CliRunner.RunAsync(Gateway.Dir, "traces", "export", "--format", "jsonl", "--url", Gateway.BaseUrl.ToString());

        Assert.Contains("demo__echo completed", tail.Stdout, StringComparison.Ordinal);
        var lines = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.NotNull(JsonNode.Parse(l)!["execution_id"]));
    }

    [Fact]
    public async Task ReconcileEndpoint_SettledExecution_IsAConflict_UnknownIs404()
    {
        var (_, done) = await Rest.CallAsync(Gateway, "demo__echo", new JsonObject { ["text"] = "settled" });

        var (settled, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/outcomes/reconcile", new JsonObject { ["execution_id"] = done["execution_id"]!.GetValue<string>() });
        var (unknown, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/outcomes/reconcile", new JsonObject { ["execution_id"] = "exe_nope" });

        Assert.Equal(HttpStatusCode.Conflict, settled);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task BadRuleExpression_IsAConfigErrorWithItsPosition()
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-badrule-").FullName;
        try
        {
            var path = Path.Combine(dir, "connectors.yaml");
            await File.WriteAllTextAsync(path, """
                gateway:
                  data_dir: ./data
                policy:
                  rules:
                    - when: "tool == 'x' and and args.y"
                      action: deny
                connectors: {}
                """);

            var run = await CliRunner.RunAsync(dir, "serve", "--config", path, "--listen", "http://127.0.0.1:0");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("connectors.yaml:5: policy.rules[0].when: bad expression", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("at 16", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_PortInUseOrBadAddress_OneLineAndExitCode2()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var busy = await CliRunner.RunAsync(Gateway.Dir, "serve", "--config", Gateway.ConfigPath, "--listen", $"http://127.0.0.1:{port}");
        var bad = await CliRunner.RunAsync(Gateway.Dir, "serve", "--config", Gateway.ConfigPath, "--listen", "127.0.0.1-8080");

        Assert.Equal(2, busy.ExitCode);
        Assert.Equal($"Cannot listen on http://127.0.0.1:{port}: port {port} is in use by another process (another gateway?). Stop it or choose another port with --listen.", busy.Stderr.Trim());
        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.Contains("must be an address like http://127.0.0.1:8080", bad.Stderr, StringComparison.Ordinal);
    }
}
