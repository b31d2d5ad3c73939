namespace McpGateway.IntegrationTests;

/// <summary><c>mcpgw serve</c> on bad files: exit code 2, every error on stderr as <c>file:line: path: message</c>, nothing started.</summary>
public sealed class ConfigErrorTests
{
    [Fact]
    public async Task Serve_YamlSyntaxError_ExitsWithCode2AndNamesTheLine()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-stdio
                command: dotnet: extra
            """;

        var run = await ServeInvalidAsync(yaml);

        Assert.Contains($"{run.ConfigPath}:{LineOf(yaml, "command: dotnet: extra")}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("YAML syntax error", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownKey_SuggestsTheClosestKey()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-stdio
                comand: dotnet
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "comand:"), "connectors.demo.comand", "unknown key 'comand'; did you mean 'command'?");
    }

    [Fact]
    public async Task Serve_OverrideNamingNoTool_OneWarningLineWithTheClosestName()
    {
        var yaml = TestConfigs.Header + TestConfigs.StdioUpstream("demo", """
                tools:
                  set_invoce: { enabled: false }
            """);
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("tools.set_invoce", StringComparison.Ordinal)), "the warning about tools.set_invoce");

        var line = Assert.Single(gateway.Output.Split('\n'), l => l.Contains("tools.set_invoce", StringComparison.Ordinal));
        Assert.Contains("names no tool of this upstream", line, StringComparison.Ordinal);
        Assert.Contains("did you mean 'set_invoice'?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RuleNamingNoTool_OneWarningLineWithTheClosestName()
    {
        // The check judges rules once the connectors are up or startup_wait has passed: a loaded machine can take more
        // than the default 10 s to start the demo upstream, and a rule judged without it would name nothing.
        var yaml = TestConfigs.WithDemo().Replace("  data_dir: ./data", "  data_dir: ./data\n  startup_wait: 120s", StringComparison.Ordinal) + """
            policy:
              rules:
                - when: "tool in ['demo__echo', 'demo__set_invoce'] and args.x == 'demo__nothing'"
                  action: deny
                - when: "tool == 'flow__later' or tool == 'other__tool'"
                  action: deny

            """;
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Output.Contains("'demo__set_invoce'", StringComparison.Ordinal)), "the warning about demo__set_invoce");

        var line = Assert.Single(gateway.Output.Split('\n'), l => l.Contains("demo__set_invoce", StringComparison.Ordinal));
        Assert.Contains("policy.rules[0]", line, StringComparison.Ordinal);
        Assert.Contains("did you mean 'demo__set_invoice'?", line, StringComparison.Ordinal);
        Assert.DoesNotContain("'demo__echo'", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("demo__nothing", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("flow__later", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("'other__tool'", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownKind_ListsTheKnownKinds()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-grpc
                command: dotnet
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "kind: mcp-grpc"), "connectors.demo.kind", "unknown kind 'mcp-grpc'; expected mcp-stdio, mcp-http, openapi, sql");
    }

    [Fact]
    public async Task Serve_BadOpenApiSpecAndBadSqlQueries_EveryErrorWithItsPath()
    {
        using var temp = new TempDirectory("mcpgw-config-");
        var dir = temp.Path;
        await File.WriteAllTextAsync(Path.Combine(dir, "broken.yaml"), "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: x, in: nowhere}]\n      responses: {'200': {description: ok}}\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "dangling.yaml"), "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}}\n");
        var yaml = TestConfigs.Header + """
              api:
                kind: openapi
                spec: broken.yaml
                auth: { type: oauth, token: x }
              dangling:
                kind: openapi
                spec: dangling.yaml
                base_url: http://127.0.0.1:9/
              gone:
                kind: openapi
                spec: missing.yaml
                base_url: http://127.0.0.1:9/
              db:
                kind: sql
                database: mysql
                connection_string: "Data Source=x.db"
                command: nope
                queries:
                  find:
                    sql: "SELECT * FROM t WHERE id = :id AND name = ':literal' AND x = y::text"
                    parameters: { name: { type: string } }
            """;

        var run = await ServeInvalidAsync(yaml, dir);

        run.AssertError(LineOf(yaml, "spec: broken.yaml"), "connectors.api.spec", Path.Combine(dir, "broken.yaml") + ": the spec has");
        run.AssertError(LineOf(yaml, "kind: openapi"), "connectors.api.base_url", "an openapi connector needs 'base_url'");
        run.AssertError(LineOf(yaml, "type: oauth"), "connectors.api.auth.type", "expected bearer, basic or api_key, got 'oauth'");
        run.AssertError(LineOf(yaml, "spec: dangling.yaml"), "connectors.dangling.spec", Path.Combine(dir, "dangling.yaml") + ": the schema reference '#/components/schemas/Nope' names no schema");
        run.AssertError(LineOf(yaml, "spec: missing.yaml"), "connectors.gone.spec", Path.Combine(dir, "missing.yaml") + ": cannot read the spec");
        run.AssertError(LineOf(yaml, "database: mysql"), "connectors.db.database", "expected postgres or sqlite, got 'mysql'");
        run.AssertError(LineOf(yaml, "command: nope"), "connectors.db.command", "'command' is for mcp-stdio connectors, not sql");
        run.AssertError(LineOf(yaml, "find:"), "connectors.db.queries.find.sql", "':id' is not declared under parameters");
        Assert.DoesNotContain("':literal'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("':text'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_StdioWithoutCommand_AsksForCommand()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-stdio
                args: ["server.js"]
            """;

        var run = await ServeInvalidAsync(yaml);

        // No 'command' node to point at: the error points at the connector's settings.
        run.AssertError(LineOf(yaml, "kind: mcp-stdio"), "connectors.demo.command", "an mcp-stdio connector needs 'command'");
    }

    [Fact]
    public async Task Serve_HttpWithBadUrl_ShowsTheUrl()
    {
        var yaml = TestConfigs.Header + """
              remote:
                kind: mcp-http
                url: ftp://example.com/mcp
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "url: ftp://"), "connectors.remote.url", "expected an absolute http(s) URL, got 'ftp://example.com/mcp'");
    }

    [Fact]
    public async Task Serve_BadDuration_ShowsTheAcceptedForms()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-stdio
                command: dotnet
                timeout: 5 minutes
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "timeout: 5 minutes"), "connectors.demo.timeout", "expected a duration like 250ms, 30s, 5m or 1h, got '5 minutes'");
    }

    [Fact]
    public async Task Serve_BadConnectorName_PointsAtTheName()
    {
        var yaml = TestConfigs.Header + """
              Billing_API:
                kind: mcp-stdio
                command: dotnet
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "Billing_API:"), "connectors.Billing_API", "connector name 'Billing_API' must be 1-32 lower-case letters");
    }

    [Fact]
    public async Task Serve_BadReference_ShowsTheReferenceSyntax()
    {
        var yaml = TestConfigs.Header + """
              demo:
                kind: mcp-stdio
                command: dotnet
                args: ["--token=${vault:TOKEN}"]
            """;

        var run = await ServeInvalidAsync(yaml);

        run.AssertError(LineOf(yaml, "args:"), "connectors.demo.args", "bad reference '${vault:TOKEN}'; write ${env:NAME}");
    }

    [Fact]
    public async Task Serve_SeveralErrors_ListsEveryOneAndStartsNothing()
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-config-").FullName;
        var marker = Path.Combine(dir, "upstream-started");
        var yaml = $$"""
            gateway:
              data_dir: ./data
              session_idle_timeout: forever
              max_sesions: 10
            connectors:
              good:
                kind: mcp-stdio
                command: sh
                args: ["-c", "touch '{{marker}}'; sleep 30"]
              grpc:
                kind: mcp-grpc
              remote:
                kind: mcp-http
                url: not a url
              Bad_Name:
                kind: mcp-stdio
                command: dotnet
              refs:
                kind: mcp-stdio
                command: dotnet
                env:
                  TOKEN: "${env:}"
                timeout: 3 days
            """;

        var run = await ServeInvalidAsync(yaml, dir);
        var leftOver = Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).ToList();
        Directory.Delete(dir, recursive: true);

        run.AssertError(LineOf(yaml, "session_idle_timeout:"), "gateway.session_idle_timeout", "expected a duration like 250ms, 30s, 5m or 1h, got 'forever'");
        run.AssertError(LineOf(yaml, "max_sesions:"), "gateway.max_sesions", "unknown key 'max_sesions'; did you mean 'max_sessions'?");
        run.AssertError(LineOf(yaml, "kind: mcp-grpc"), "connectors.grpc.kind", "unknown kind 'mcp-grpc'");
        run.AssertError(LineOf(yaml, "url: not a url"), "connectors.remote.url", "expected an absolute http(s) URL, got 'not a url'");
        run.AssertError(LineOf(yaml, "Bad_Name:"), "connectors.Bad_Name", "connector name 'Bad_Name' must be");
        run.AssertError(LineOf(yaml, "TOKEN:"), "connectors.refs.env.TOKEN", "bad reference '${env:}'; write ${env:NAME}");
        run.AssertError(LineOf(yaml, "timeout: 3 days"), "connectors.refs.timeout", "expected a duration like 250ms, 30s, 5m or 1h, got '3 days'");
        Assert.DoesNotContain(Path.GetFileName(marker), leftOver);
    }

    [Fact]
    public async Task Serve_AliasBomb_ExitsWithCode2NamingTheLimit()
    {
        var yaml = TestConfigs.WithDemo() + "    tools:\n      echo:\n        probe:\n          tool: get_stats\n          succeeded_when: \"true\"\n          args:\n" +
            "            l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" +
            string.Concat(Enumerable.Range(1, 9).Select(l => $"            l{l}: &l{l} [{string.Join(", ", Enumerable.Repeat($"*l{l - 1}", 10))}]\n"));

        var run = await ServeInvalidAsync(yaml);

        Assert.Contains($"{run.ConfigPath}:{LineOf(yaml, "l4: &l4")}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("aliases expand to more than 100000 nodes", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ConnectorCommandMissing_OtherConnectorServesAndStatusExits3()
    {
        var yaml = TestConfigs.WithDemo() + """
              broken:
                kind: mcp-stdio
                command: /nonexistent/mcpgw-no-such-server

            """;
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");
        await using var client = await gateway.ConnectAsync();

        string? reason = null;
        await gateway.WaitUntilAsync(async () =>
        {
            var broken = await gateway.ConnectorStatusAsync("broken");
            reason = broken.GetProperty("reason").ValueKind == System.Text.Json.JsonValueKind.String ? broken.GetProperty("reason").GetString() : null;
            return broken.GetProperty("state").GetString() == "failed" && !string.IsNullOrWhiteSpace(reason);
        }, "the broken connector to report failed with a reason");
        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "still serving" });
        var tools = await client.ListToolsAsync();

        // The supervisor keeps retrying the broken connector, so its state moves between failed and connecting: read
        // the CLI's status until it shows the failed state (one read could land on a retry).
        string[] lines = [];
        var exitCode = 0;
        await gateway.WaitUntilAsync(async () =>
        {
            var cli = await CliRunner.RunAsync(gateway.Dir, "status", "--url", gateway.BaseUrl.ToString());
            (exitCode, lines) = (cli.ExitCode, cli.Stdout.Split('\n'));
            return lines.Any(l => l.StartsWith("broken ", StringComparison.Ordinal) && l.Contains(" failed ", StringComparison.Ordinal));
        }, "mcpgw status to show the broken connector failed");

        Assert.NotEqual(true, result.IsError);
        Assert.DoesNotContain(tools, t => t.Name.StartsWith("broken__", StringComparison.Ordinal));
        Assert.Equal(6, exitCode); // a connector is down (README, "Exit codes")
        Assert.Contains(lines, l => l.StartsWith("demo ", StringComparison.Ordinal) && l.Contains(" connected ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("broken ", StringComparison.Ordinal) && l.Contains(" failed ", StringComparison.Ordinal) && l.Contains(reason!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_AuthNoneOnAllInterfaces_RefusesWithOneLine()
    {
        // Refused before anything binds, so this test listens nowhere.
        var run = await ServeInvalidAsync(TestConfigs.WithDemo(), listen: "http://0.0.0.0:0");

        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Refusing to start: gateway.auth is none", line, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", line, StringComparison.Ordinal);
        Assert.Contains("gateway.allow_unauthenticated_remote: true", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", "http://127.0.0.1:8080", false, false)]
    [InlineData("none", "http://localhost:8080", false, false)]
    [InlineData("none", "http://[::1]:8080", false, false)]
    [InlineData("none", "http://0.0.0.0:8080", false, true)]
    [InlineData("none", "http://192.168.1.5:8080", false, true)]
    [InlineData("none", "http://*:8080", false, true)]
    [InlineData("none", "http://127.0.0.1:8080;http://0.0.0.0:9090", false, true)]
    [InlineData("none", "http://0.0.0.0:8080", true, false)]
    [InlineData("keys", "http://0.0.0.0:8080", false, false)]
    public void UnauthenticatedRemote_RefusesOnlyAuthNoneBeyondLoopbackWithoutOptIn(string auth, string listen, bool optIn, bool refused)
    {
        var server = new Connectors.Configuration.ServerConfig { Auth = auth, Listen = listen, AllowUnauthenticatedRemote = optIn };

        Assert.Equal(refused, McpGateway.Cli.ServeCommand.UnauthenticatedRemote(server) is not null);
    }

    /// <summary>
    /// Runs <c>mcpgw serve</c> on <paramref name="yaml"/> and asserts it refused to start: exit code 2, no listener,
    /// no data directory. A directory passed in is left for the caller to inspect and delete.
    /// </summary>
    private static async Task<InvalidRun> ServeInvalidAsync(string yaml, string? dir = null, string listen = "http://127.0.0.1:0")
    {
        var ownDir = dir is null;
        dir ??= Directory.CreateTempSubdirectory("mcpgw-config-").FullName;
        var path = Path.Combine(dir, "connectors.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            var run = await CliRunner.RunAsync(dir, "serve", "--config", path, "--listen", listen);

            Assert.True(run.ExitCode == 2, $"exit code {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
            Assert.DoesNotContain("listening", run.Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "data")), "The data directory was created for an invalid configuration.");
            return new InvalidRun(path, run.Stderr);
        }
        finally
        {
            if (ownDir)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }


    /// <summary>1-based number of the first line of <paramref name="yaml"/> containing <paramref name="text"/>.</summary>
    private static int LineOf(string yaml, string text)
    {
        var lines = yaml.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new ArgumentException($"'{text}' is not in the YAML.", nameof(text));
    }


    private sealed record InvalidRun(string ConfigPath, string Stderr)
    {
        /// <summary>Asserts stderr has a line <c>{file}:{line}: {path}: {message…}</c>.</summary>
        public void AssertError(int line, string path, string message)
        {
            var expected = $"{ConfigPath}:{line}: {path}: {message}";
            var found = Stderr.Split('\n').Any(l => l.Trim().StartsWith(expected, StringComparison.Ordinal));
            Assert.True(found, $"Expected an error starting with\n  {expected}\nin stderr:\n{Stderr}");
        }
    }
}
