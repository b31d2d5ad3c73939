using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string File = "/etc/mcpgw/connectors.yaml";

    [Fact]
    public void Parse_ValidFile_ReadsEverySetting()
    {
        var config = ConfigLoader.Parse("""
            gateway:
              listen: http://127.0.0.1:9090
              max_sessions: 50
              session_idle_timeout: 90s
              max_request_body: 512KB
              allowed_origins: [https://app.example.com]
            connectors:
              billing:
                kind: mcp-stdio
                command: node
                args: [server.js, --flag]
                env: { TOKEN: "${env:BILLING_TOKEN}" }
                timeout: 10s
                tools:
                  charge:
                    destructive: true
                    risk: high
                    timeout: 250ms
                  debug:
                    enabled: false
              crm:
                kind: mcp-http
                url: https://crm.example.com/mcp
                headers: { Authorization: "Bearer ${env:CRM}" }
            """, File);

        Assert.Equal("http://127.0.0.1:9090", config.Server.Listen);
        Assert.Equal(50, config.Server.MaxSessions);
        Assert.Equal(TimeSpan.FromSeconds(90), config.Server.SessionIdleTimeout);
        Assert.Equal(512 * 1024, config.Server.MaxRequestBodyBytes);
        Assert.Equal(["https://app.example.com"], config.Server.AllowedOrigins);
        var billing = config.Connectors[0];
        Assert.Equal(ConnectorKind.McpStdio, billing.Kind);
        Assert.Equal(["server.js", "--flag"], billing.Args);
        Assert.Equal("${env:BILLING_TOKEN}", billing.Env["TOKEN"]);
        Assert.Equal(TimeSpan.FromMilliseconds(250), billing.Tools["charge"].Timeout);
        Assert.False(billing.Tools["debug"].Enabled);
        Assert.Equal(ConnectorKind.McpHttp, config.Connectors[1].Kind);
        Assert.Equal("/etc/mcpgw", config.BaseDirectory);
    }

    [Fact]
    public void Parse_SeveralErrors_ListsEveryOneWithPathAndLine()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            gateway:
              listn: http://127.0.0.1:1
            connectors:
              Bad_Name:
                kind: mcp-stdio
                command: x
              web:
                kind: mcp-http
                url: not a url
              local:
                kind: mcp-stdio
              slow:
                kind: mcp-stdio
                command: y
                timeout: forever
            """, File));

        Assert.Contains(ex.Errors, e => e.Path == "gateway.listn" && e.Line == 2 && e.Message.Contains("did you mean 'listen'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "connectors.Bad_Name" && e.Line == 4);
        Assert.Contains(ex.Errors, e => e.Path == "connectors.web.url" && e.Line == 9);
        Assert.Contains(ex.Errors, e => e.Path == "connectors.local.command" && e.Message.Contains("needs 'command'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "connectors.slow.timeout" && e.Line == 15);
        Assert.Equal(5, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void Parse_ConnectorNamedFlow_IsReservedForFlowTools()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  flow:\n    kind: mcp-stdio\n    command: x\n", File));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("connectors.flow", error.Path);
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FlowSettings_ReadWithDefaults()
    {
        var set = ConfigLoader.Parse("gateway:\n  flows_dir: ./automations\n  max_concurrent_runs: 4\n  shutdown_grace: 3s\n", File);
        var unset = ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File);

        Assert.Equal(("./automations", 4, TimeSpan.FromSeconds(3)), (set.Server.FlowsDir, set.Server.MaxConcurrentRuns, set.Server.ShutdownGrace));
        Assert.Equal((GatewayDefaults.FlowsDir, GatewayDefaults.MaxConcurrentRuns), (unset.Server.FlowsDir, unset.Server.MaxConcurrentRuns));
    }

    [Fact]
    public void Parse_FlowLimits_ReadWhenSetAndNullOtherwise()
    {
        var set = ConfigLoader.Parse("gateway:\n  max_flow_steps: 50\n  max_loop_items: 200\n  max_run_duration: 2h\n", File);
        var unset = ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File);

        Assert.Equal((50, 200, TimeSpan.FromHours(2)), (set.Server.MaxFlowSteps, set.Server.MaxLoopItems, set.Server.MaxRunDuration));
        Assert.Equal((null, null, null), (unset.Server.MaxFlowSteps, unset.Server.MaxLoopItems, unset.Server.MaxRunDuration));
    }

    [Fact]
    public void Parse_StartupWait_TenSecondsUnlessSet()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File).Server.StartupWait);
        Assert.Equal(TimeSpan.Zero, ConfigLoader.Parse("gateway:\n  startup_wait: 0s\n", File).Server.StartupWait);
        Assert.Equal(TimeSpan.FromSeconds(30), ConfigLoader.Parse("gateway:\n  startup_wait: 30s\n", File).Server.StartupWait);
    }

    [Fact]
    public void Parse_LogFormat_TextOrJsonElseAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("gateway:\n  log_format: xml\n", File));

        Assert.Null(ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File).Server.LogFormat);
        Assert.Equal("json", ConfigLoader.Parse("gateway:\n  log_format: json\n", File).Server.LogFormat);
        Assert.Equal("text", ConfigLoader.Parse("gateway:\n  log_format: text\n", File).Server.LogFormat);
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("gateway.log_format", "expected 'text' or 'json', got 'xml'"), (error.Path, error.Message));
    }

    [Theory]
    [InlineData("startup_wait: 6m", "gateway.startup_wait", "expected a duration from 0s to 5m, got '6m'")]
    [InlineData("max_flow_steps: 0", "gateway.max_flow_steps", "expected a whole number from 1 to 100000, got '0'")]
    [InlineData("max_loop_items: 2000000", "gateway.max_loop_items", "expected a whole number from 1 to 1000000, got '2000000'")]
    [InlineData("max_run_duration: 721h", "gateway.max_run_duration", "expected a duration from 1m to 720h (30 days), got '721h'")]
    [InlineData("max_run_duration: 30s", "gateway.max_run_duration", "expected a duration from 1m to 720h (30 days), got '30s'")]
    public void Parse_FlowLimitOutOfRange_IsAnErrorNamingTheRange(string line, string path, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"gateway:\n  {line}\n", File));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, message), (error.Path, error.Message));
    }

    [Fact]
    public void Parse_AllowUnauthenticatedRemote_ReadWithDefaultFalse()
    {
        var set = ConfigLoader.Parse("gateway:\n  allow_unauthenticated_remote: true\n", File);
        var unset = ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File);
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("gateway:\n  allow_unauthenticated_remote: maybe\n", File));

        Assert.True(set.Server.AllowUnauthenticatedRemote);
        Assert.False(unset.Server.AllowUnauthenticatedRemote);
        Assert.Equal("gateway.allow_unauthenticated_remote", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Parse_AdvertiseUrl_ReadWhenAnHttpUrlWithoutPath_AnErrorOtherwise()
    {
        var set = ConfigLoader.Parse("gateway:\n  advertise_url: http://10.0.0.5:8080\n", File);
        var unset = ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File);
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("gateway:\n  advertise_url: ftp://10.0.0.5/mcp\n", File));

        Assert.Equal("http://10.0.0.5:8080", set.Server.AdvertiseUrl);
        Assert.Null(unset.Server.AdvertiseUrl);
        var error = Assert.Single(ex.Errors);
        Assert.Equal("gateway.advertise_url", error.Path);
        Assert.Contains("ftp://10.0.0.5/mcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Pinning_StrictByDefaultAutoWhenSetUnknownNamed()
    {
        var config = ConfigLoader.Parse("""
            connectors:
              a: { kind: mcp-stdio, command: x }
              b: { kind: mcp-stdio, command: x, pinning: auto }
              c: { kind: mcp-stdio, command: x, pinning: strict }
            """, File);
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            connectors:
              a: { kind: mcp-stdio, command: x, pinning: sometimes }
            """, File));

        Assert.Equal([PinningMode.Strict, PinningMode.Auto, PinningMode.Strict], config.Connectors.Select(c => c.Pinning));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("connectors.a.pinning", error.Path);
        Assert.Contains("unknown pinning 'sometimes'; expected strict or auto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportEquals_SqlQueryOrOpenApiAuthChanged_NeedsANewConnection()
    {
        static ConnectorConfig Read(string sql) => ConfigLoader.Parse($$"""
            connectors:
              db:
                kind: sql
                database: sqlite
                connection_string: "Data Source=x.db"
                queries:
                  q: { sql: "{{sql}}", parameters: { id: { type: integer } } }
            """, File).Connectors[0];

        static ConnectorConfig Api(string token) => ConfigLoader.Parse($$"""
            connectors:
              api:
                kind: openapi
                spec: https://example.com/openapi.json
                base_url: https://example.com
                auth: { type: bearer, token: "{{token}}" }
            """, File).Connectors[0];

        var db = Read("SELECT :id");
        Assert.True(db.TransportEquals(Read("SELECT :id")));
        Assert.False(db.TransportEquals(Read("SELECT :id + 1")));
        Assert.True(Api("a").TransportEquals(Api("a")));
        Assert.False(Api("a").TransportEquals(Api("b")));
    }

    [Fact]
    public void Parse_UnknownKind_SaysWhatIsAllowed()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  a:\n    kind: grpc\n", File));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("connectors.a.kind", error.Path);
        Assert.Contains("mcp-stdio, mcp-http, openapi, sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsLine()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  a:\n    kind: [unclosed\n", File));

        var error = Assert.Single(ex.Errors);
        Assert.True(error.Line >= 3);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecretReferences_AreAccepted()
    {
        var config = ConfigLoader.Parse("connectors:\n  a:\n    kind: mcp-stdio\n    command: x\n    env: { K: \"${secret:k}\", U: \"${secret:crm.username}\" }\n", File);

        Assert.Equal("${secret:crm.username}", Assert.Single(config.Connectors).Env["U"]);
    }

    [Fact]
    public void Parse_SecretReferenceEndingInADot_IsAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  a:\n    kind: mcp-stdio\n    command: x\n    env: { K: \"${secret:k.}\" }\n", File));

        Assert.Contains("${secret:name.field}", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedReference_IsAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  a:\n    kind: mcp-stdio\n    command: \"${env:\"\n", File));

        Assert.Equal("connectors.a.command", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Parse_EmptyFile_IsAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("", File));

        Assert.Contains("empty", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PostgresWithoutConnectionString_IsAnError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("gateway:\n  storage: postgres\n", File));

        Assert.Equal("gateway.postgres", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void ExceptionMessage_ListsEveryErrorOnItsOwnLine()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("connectors:\n  a:\n    kind: x\n  b:\n    kind: y\n", File));

        Assert.Contains($"{File}:3: connectors.a.kind", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{File}:5: connectors.b.kind", ex.Message, StringComparison.Ordinal);
    }
}
