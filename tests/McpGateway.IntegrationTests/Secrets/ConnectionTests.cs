using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Secrets;

/// <summary>Encrypted connections through the real host: REST and CLI never show a value; <c>${secret:…}</c> feeds a connector.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectionTests
{
    private const string Password = "pw-S3cret-9911";
    private const string Token = "tok-Zq81-secret-value";

    private static string SecretsConfig => TestConfigs.Header
        + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${secret:demo-token}\"\n      DEMO_USER: \"${secret:crm.username}\"\n")
        + TestConfigs.StdioUpstream("ghost", "    env:\n      X: \"${secret:crm.api_key}\"\n");

    [Fact]
    public async Task PutConnection_ListGetAndCli_ShowFieldNamesNeverTheValue()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);
        var value = new JsonObject { ["username"] = "ops", ["password"] = Password };

        var (created, createdBody) = await PutAsync(gateway, "crm", "BASIC_AUTH", value, "CRM login");
        var (replaced, _) = await PutAsync(gateway, "crm", "BASIC_AUTH", value, "CRM login");
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connections");
        var (_, one) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connections/crm");
        var cli = await CliRunner.RunAsync(gateway.Dir, "connections", "list", "--url", gateway.BaseUrl.ToString(), "-o", "json");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.Equal(["password", "username"], one["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("BASIC_AUTH", list["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("\"crm\"", cli.Stdout, StringComparison.Ordinal);
        foreach (var text in new[] { createdBody.ToJsonString(), list.ToJsonString(), one.ToJsonString(), cli.Stdout, cli.Stderr, gateway.Output })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        }

        var keyFile = Path.Combine(gateway.Dir, "data", "master.key");
        Assert.Equal(32, new FileInfo(keyFile).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public async Task PutConnection_BadInput_GetsClearProblems()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);

        var (badName, nameBody) = await PutAsync(gateway, "Bad.Name", "SECRET_TEXT", new JsonObject { ["secret"] = "x" });
        var (badType, typeBody) = await PutAsync(gateway, "a", "PASSWORD", new JsonObject { ["secret"] = "x" });
        var (missing, missingBody) = await PutAsync(gateway, "a", "BASIC_AUTH", new JsonObject { ["username"] = "u" });
        var (unknown, _) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/connections/nope");

        Assert.Equal(HttpStatusCode.BadRequest, badName);
        Assert.Contains("not a connection name", nameBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badType);
        Assert.Contains("SECRET_TEXT, BASIC_AUTH", typeBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);
        Assert.Contains("'value.password'", missingBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task SecretReference_InConnectorEnv_ConnectsWithTheValue_UnknownFieldFailsWithReason()
    {
        await using var gateway = await GatewayProcess.StartAsync(SecretsConfig);
        await gateway.WaitUntilAsync(async () => (await gateway.ConnectorStatusAsync("demo")).GetProperty("reason").GetString() is { Length: > 0 }, "demo's reason");
        var before = (await gateway.ConnectorStatusAsync("demo")).GetProperty("reason").GetString();

        var set = await CliRunner.RunAsync(gateway.Dir, "connections", "set", "demo-token", "--type", "SECRET_TEXT", "--url", gateway.BaseUrl.ToString(), "--value-file", await WriteTempAsync(gateway, Token + "\n"));
        await PutAsync(gateway, "crm", "BASIC_AUTH", new JsonObject { ["username"] = "ops-user", ["password"] = Password });
        await gateway.WaitConnectedAsync("demo");
        await using var client = await gateway.ConnectAsync();
        var fromEnv = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = "DEMO_TOKEN" });
        var user = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = "DEMO_USER" });
        await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "leak " + Token });
        await gateway.WaitUntilAsync(async () => (await gateway.ConnectorStatusAsync("ghost")).GetProperty("reason").GetString()?.Contains("api_key", StringComparison.Ordinal) == true, "ghost's reason");
        var ghost = (await gateway.ConnectorStatusAsync("ghost")).GetProperty("reason").GetString();
        var status = await CliRunner.RunAsync(gateway.Dir, "status", "--url", gateway.BaseUrl.ToString());
        var row = Assert.Single(await JournalTests.ReadRowsAsync(gateway, "demo__echo"));

        Assert.Contains("${secret:demo-token}", before, StringComparison.Ordinal);
        Assert.Equal(0, set.ExitCode);
        Assert.Equal(Token, Assert.IsType<TextContentBlock>(fromEnv.Content[0]).Text);
        Assert.Equal("ops-user", Assert.IsType<TextContentBlock>(user.Content[0]).Text);
        Assert.Contains("${secret:crm.api_key}", ghost, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ghost, StringComparison.Ordinal);
        Assert.Contains("${secret:crm.api_key}", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, row.Arguments, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", row.Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutConnection_ReferencedByAConnectedConnector_ItReconnectsWithTheNewValue()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header);
        await PutAsync(gateway, "demo-token", "SECRET_TEXT", new JsonObject { ["secret"] = "first-1111" });
        await File.WriteAllTextAsync(gateway.ConfigPath, TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${secret:demo-token}\"\n"));
        await gateway.WaitConnectedAsync("demo");
        await using var client = await gateway.ConnectAsync();
        var before = await EnvAsync(client);

        var (_, put) = await PutAsync(gateway, "demo-token", "SECRET_TEXT", new JsonObject { ["secret"] = "second-2222" });
        var after = before;
        await gateway.WaitUntilAsync(async () => (after = await EnvAsync(client)) == "second-2222", "the new value to reach the upstream");

        Assert.Equal("first-1111", before);
        Assert.Equal(["demo"], put["reconnecting"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("second-2222", after);
        Assert.Contains("Connector demo: a connection it uses changed; connecting again in place", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_KeyFileReadableByOthers_RefusesToStart()
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-test-").FullName;
        try
        {
            var config = Path.Combine(dir, "connectors.yaml");
            await File.WriteAllTextAsync(config, TestConfigs.Header);
            Directory.CreateDirectory(Path.Combine(dir, "data"));
            var keyFile = Path.Combine(dir, "data", "master.key");
            await File.WriteAllBytesAsync(keyFile, new byte[32]);
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

            var run = await CliRunner.RunAsync(dir, "serve", "--config", config, "--listen", "http://127.0.0.1:0");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("chmod 600", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<(HttpStatusCode Status, JsonNode Body)> PutAsync(GatewayProcess gateway, string name, string type, JsonObject value, string? displayName = null) =>
        Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/" + name, new JsonObject { ["type"] = type, ["value"] = value.DeepClone(), ["display_name"] = displayName });

    private static async Task<string?> EnvAsync(ModelContextProtocol.Client.McpClient client)
    {
        try
        {
            var result = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = "DEMO_TOKEN" });
            return result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
        }
        catch (ModelContextProtocol.McpException)
        {
            // The tool is briefly unknown while the connector reconnects.
            return null;
        }
    }

    private static async Task<string> WriteTempAsync(GatewayProcess gateway, string text)
    {
        var path = Path.Combine(gateway.Dir, "value.txt");
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
