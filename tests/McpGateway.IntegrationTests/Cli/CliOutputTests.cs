using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Cli;

/// <summary>
/// The CLI's output contract against a real gateway: <c>-o json</c> parses (unescaped), <c>-o yaml</c>, tables by
/// default, and the documented exit codes (0 ok, 2 usage, 3 not found, 4 held for approval, 5 denied).
/// </summary>
public sealed class CliOutputTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private string Url => Gateway.BaseUrl.ToString();

    [Fact]
    public async Task ToolsList_Json_ListsEveryCardAndShowFindsOne()
    {
        var list = await CliRunner.RunAsync(Gateway.Dir, "tools", "list", "--url", Url, "-o", "json");
        var show = await CliRunner.RunAsync(Gateway.Dir, "tools", "show", "demo__echo", "--url", Url, "-o", "yaml");
        var table = await CliRunner.RunAsync(Gateway.Dir, "tools", "list", "--url", Url);
        var missing = await CliRunner.RunAsync(Gateway.Dir, "tools", "show", "demo__ech", "--url", Url);

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains(JsonNode.Parse(list.Stdout)!["data"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "demo__echo");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("name: demo__echo", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("input_schema:", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(["NAME", "CONNECTOR", "RISK", "FLAGS", "DESCRIPTION"], table.Stdout.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("Did you mean: demo__echo", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_Completed_IsExitZeroWithUnescapedJson_AndTracesShowReadsIt()
    {
        var call = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__echo", "--args", """{"text":"a+b <c> 'd' é"}""", "--url", Url, "-o", "json");

        Assert.True(call.ExitCode == 0, call.Stderr);
        Assert.Contains("a+b <c> 'd' é", call.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", call.Stdout, StringComparison.Ordinal);
        var execution = JsonNode.Parse(call.Stdout)!;
        Assert.Equal("completed", execution["status"]!.GetValue<string>());
        var id = execution["execution_id"]!.GetValue<string>();

        var trace = await CliRunner.RunAsync(Gateway.Dir, "traces", "show", id, "--url", Url, "-o", "json");
        var table = await CliRunner.RunAsync(Gateway.Dir, "traces", "show", id, "--url", Url);
        var unknown = await CliRunner.RunAsync(Gateway.Dir, "traces", "show", "exe_nope", "--url", Url, "-o", "json");

        Assert.True(trace.ExitCode == 0, trace.Stderr);
        var shown = JsonNode.Parse(trace.Stdout)!;
        Assert.Equal(id, shown["execution_id"]!.GetValue<string>());
        Assert.Equal("demo__echo", shown["tool"]!.GetValue<string>());
        Assert.NotEmpty(shown["trace"]!.AsArray());
        Assert.Contains(table.Stdout.Split('\n'), l => l.StartsWith("STAGE ", StringComparison.Ordinal));
        Assert.Equal(3, unknown.ExitCode);
    }

    [Fact]
    public async Task Call_WithIdempotencyKey_ReplaysTheSecondTime()
    {
        var key = "cli-" + Guid.NewGuid().ToString("N");

        var first = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__echo", "--args", """{"text":"once"}""", "--idempotency-key", key, "--url", Url, "-o", "json");
        var second = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__echo", "--args", """{"text":"once"}""", "--idempotency-key", key, "--url", Url, "-o", "json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("completed", JsonNode.Parse(first.Stdout)!["status"]!.GetValue<string>());
        Assert.Equal("replayed", JsonNode.Parse(second.Stdout)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_HeldOrDenied_ExitsFourOrFive()
    {
        var held = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__set_invoice", "--args", """{"invoice_id":"inv_cli","status":"held"}""", "--url", Url, "-o", "json");
        var denied = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__crm_update", "--args", """{"customer_id":"cust_1","fields":{"tier":"vip"}}""", "--url", Url, "-o", "json");
        var unknownTool = await CliRunner.RunAsync(Gateway.Dir, "call", "demo__nope", "--url", Url);

        Assert.True(held.ExitCode == 4, held.Stdout + held.Stderr);
        Assert.StartsWith("appr_", JsonNode.Parse(held.Stdout)!["gateway"]!["approval_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(denied.ExitCode == 5, denied.Stdout + denied.Stderr);
        Assert.Equal("denied", JsonNode.Parse(denied.Stdout)!["status"]!.GetValue<string>());
        Assert.Equal(3, unknownTool.ExitCode);
    }

    [Fact]
    public async Task ApprovalsList_JsonYamlAndTable_ShowTheSameApproval()
    {
        var (_, body) = await Rest.CallAsync(Gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_fmt", ["status"] = "a+b" });
        var id = body["gateway"]!["approval_id"]!.GetValue<string>();

        var json = await CliRunner.RunAsync(Gateway.Dir, "approvals", "list", "--url", Url, "-o", "json");
        var yaml = await CliRunner.RunAsync(Gateway.Dir, "approvals", "list", "--url", Url, "-o", "yaml");
        var table = await CliRunner.RunAsync(Gateway.Dir, "approvals", "list", "--url", Url);

        Assert.Contains(JsonNode.Parse(json.Stdout)!["data"]!.AsArray(), a => a!["id"]!.GetValue<string>() == id);
        Assert.Contains("\"status\": \"a+b\"", json.Stdout, StringComparison.Ordinal);
        Assert.Contains($"- id: {id}", yaml.Stdout, StringComparison.Ordinal);
        var lines = table.Stdout.Split('\n');
        Assert.Equal(["ID", "STATUS", "TOOL", "AGENT", "CREATED", "ARGUMENTS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.StartsWith(id + " ", StringComparison.Ordinal) && l.Contains("demo__set_invoice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownOutputFormat_IsAUsageError()
    {
        var run = await CliRunner.RunAsync(Gateway.Dir, "tools", "list", "--url", Url, "-o", "xml");

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Status_Json_SaysTheVersionTheBinarySays()
    {
        var status = await CliRunner.RunAsync(Gateway.Dir, "status", "--url", Url, "-o", "json");
        var version = await CliRunner.RunAsync(Gateway.Dir, "--version");

        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Equal(version.Stdout.Trim(), JsonNode.Parse(status.Stdout)!["version"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+$", version.Stdout.Trim());
    }
}
