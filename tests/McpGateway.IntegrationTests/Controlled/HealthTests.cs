using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> of a real <c>mcpgw serve</c> under <c>auth: keys</c>: the probes
/// answer without a key, the scrape needs one with <c>traces:read</c> and is parsed as Prometheus text.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        // A second connector whose command does not exist: down, listed by /readyz, which stays ready for the others.
        var yaml = ControlledConfigs.Demo(_stateDir, auth: "keys") + """

              broken:
                kind: mcp-stdio
                command: /nonexistent/mcp-server
            """;
        _gateway = await GatewayProcess.StartAsync(yaml, "demo");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Probes_AnswerWithoutAKey_ReadyListsTheConnectorThatIsDown()
    {
        using var health = await _gateway.Http.GetAsync(_gateway.Url("/healthz"));
        using var ready = await _gateway.Http.GetAsync(_gateway.Url("/readyz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Empty(body["problems"]!.AsArray());
        var down = Assert.Single(body["connectors_down"]!.AsArray());
        Assert.Equal("broken", down!["connector"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthCommand_ReadyGatewayExits0_UnreachableExits1()
    {
        var work = Directory.CreateTempSubdirectory("mcpgw-health-").FullName;
        try
        {
            var ready = await CliRunner.RunAsync(work, "health", "--url", _gateway.BaseUrl.ToString(), "-o", "json");
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var unreachable = await CliRunner.RunAsync(work, "health", "--url", $"http://127.0.0.1:{closedPort}");

            Assert.Equal(0, ready.ExitCode);
            Assert.Equal("ready", JsonNode.Parse(ready.Stdout)!["status"]!.GetValue<string>());
            Assert.Equal(1, unreachable.ExitCode);
            Assert.Contains("Cannot reach the gateway", unreachable.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_NeedAKeyWithTracesRead_AndCountCallsByToolAndStatus()
    {
        var caller = await ApiKeys.CreateAsync(_gateway, "metrics-caller", "agent-m", "tools:call");
        var scraper = await ApiKeys.CreateAsync(_gateway, "metrics-scraper", "agent-s", "traces:read");
        await Rest.CallAsync(_gateway, "demo__echo", new JsonObject { ["text"] = "counted" }, apiKey: caller);
        await Rest.CallAsync(_gateway, "demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "metered" }, apiKey: caller);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeAsync(caller)).Status);
        var (status, text) = await ScrapeAsync(scraper);

        Assert.Equal(HttpStatusCode.OK, status);
        var samples = Parse(text);
        Assert.Contains(samples, s => s.Name == "mcpgw_tool_calls_total" && s.Labels.Contains("tool=\"demo__echo\"") && s.Labels.Contains("status=\"completed\"") && s.Value >= 1);
        Assert.Contains(samples, s => s.Name.StartsWith("mcpgw_tool_call_duration", StringComparison.Ordinal) && s.Name.EndsWith("_count", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "mcpgw_connector_up" && s.Labels.Contains("connector=\"demo\"") && s.Value == 1);
        Assert.Contains(samples, s => s.Name == "mcpgw_connector_up" && s.Labels.Contains("connector=\"broken\"") && s.Value == 0);
        Assert.Contains(samples, s => s.Name == "mcpgw_approvals_pending" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name.StartsWith("http_server_request_duration", StringComparison.Ordinal));
    }

    private async Task<(HttpStatusCode Status, string Text)> ScrapeAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _gateway.Url("/metrics"));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _gateway.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The samples of a Prometheus text exposition: name, the label text between braces, and the value.</summary>
    private static List<(string Name, string Labels, double Value)> Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            var name = brace < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..brace];
            var labels = brace < 0 ? "" : line[(brace + 1)..close];
            var rest = (brace < 0 ? line[name.Length..] : line[(close + 1)..]).Trim().Split(' ')[0];
            samples.Add((name, labels, double.Parse(rest, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return samples;
    }
}
