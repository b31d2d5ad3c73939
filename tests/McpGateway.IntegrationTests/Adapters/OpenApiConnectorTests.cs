using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Adapters;

/// <summary>
/// <c>kind: openapi</c> through the real host: a REST API started by the test (Specs/pets.yaml) and another gateway's
/// own admin API (Specs/gateway-admin.yaml) become tools, listed over MCP and called through <c>/mcp</c> and
/// <c>/v1/call</c> with the whole pipeline (schema, idempotency, journal, timeout, retry).
/// </summary>
public sealed class OpenApiConnectorTests
{
    private const string Token = "pet-token-7Hq2-secret";
    private const string ApiKey = "pet-key-55Xv-secret";

    internal static string Spec(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "McpGateway.IntegrationTests", "Adapters", "Specs", name);

    private static string Config(PetService pets, string extra = "") => TestConfigs.Header + $$"""
          pets:
            kind: openapi
            spec: {{Spec("pets.yaml")}}
            base_url: {{pets.BaseUrl}}
            auth: { type: bearer, token: "${secret:pets}" }
            tools:
              slow: { timeout: 1s, retry: 2 }
          petsq:
            kind: openapi
            spec: {{Spec("pets.yaml")}}
            base_url: {{pets.BaseUrl}}
            auth: { type: api_key, in: query, name: api_key, value: "${env:PETS_API_KEY}" }
        {{extra}}
        """;

    private static async Task<GatewayProcess> StartAsync(PetService pets)
    {
        var gateway = await GatewayProcess.StartAsync(Config(pets), new Dictionary<string, string> { ["PETS_API_KEY"] = ApiKey }, "petsq");
        var (status, body) = await Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/pets",
            new JsonObject { ["type"] = "SECRET_TEXT", ["value"] = new JsonObject { ["secret"] = Token } });
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, body.ToJsonString());
        await gateway.WaitConnectedAsync("pets");
        return gateway;
    }

    [Fact]
    public async Task ListTools_OpenApiConnector_EachOperationIsAToolWithSchemasAndHints()
    {
        await using var pets = await PetService.StartAsync(Token, ApiKey);
        await using var gateway = await StartAsync(pets);
        await using var client = await gateway.ConnectAsync();

        var tools = (await client.ListToolsAsync()).Where(t => t.Name.StartsWith("pets__", StringComparison.Ordinal)).ToDictionary(t => t.Name);

        Assert.Equal(["pets__addPet", "pets__deletePet", "pets__getPet", "pets__get_whoami", "pets__listPets", "pets__slow"], tools.Keys.Order(StringComparer.Ordinal));
        var getPet = tools["pets__getPet"].ProtocolTool;
        Assert.Equal("petId", getPet.InputSchema.GetProperty("required")[0].GetString());
        Assert.Equal("integer", getPet.InputSchema.GetProperty("properties").GetProperty("petId").GetProperty("type").GetString());
        Assert.True(getPet.Annotations!.ReadOnlyHint);
        Assert.Equal("object", getPet.OutputSchema!.Value.GetProperty("type").GetString());
        Assert.True(getPet.OutputSchema!.Value.GetProperty("$defs").TryGetProperty("Pet", out _));
        var addPet = tools["pets__addPet"].ProtocolTool;
        Assert.Equal("name", addPet.InputSchema.GetProperty("properties").GetProperty("body").GetProperty("required")[0].GetString());
        Assert.NotEqual(true, addPet.Annotations!.IdempotentHint);
        Assert.True(tools["pets__deletePet"].ProtocolTool.Annotations!.IdempotentHint);
        Assert.NotEqual(true, tools["pets__deletePet"].ProtocolTool.Annotations!.ReadOnlyHint);
        Assert.True(tools["pets__listPets"].ProtocolTool.OutputSchema!.Value.GetProperty("properties").TryGetProperty("result", out _));
        Assert.Equal("openapi", (await gateway.ConnectorStatusAsync("pets")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PostConnector_OpenApiRecordWithSpecUrl_ConnectsLikeTheFilesAndABadRecordNamesItsPath()
    {
        await using var pets = await PetService.StartAsync(Token, ApiKey);
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.Header, new Dictionary<string, string> { ["PETS_API_KEY"] = ApiKey });
        var record = new JsonObject
        {
            ["kind"] = "openapi", ["spec"] = new Uri(pets.BaseUrl, "/openapi.yaml").ToString(), ["base_url"] = pets.BaseUrl.ToString(),
            ["auth"] = new JsonObject { ["type"] = "api_key", ["in"] = "header", ["name"] = "X-Api-Key", ["value"] = "${env:PETS_API_KEY}" },
        };

        var (created, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/stored", record);
        var (bad, problem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/broken", new JsonObject { ["kind"] = "openapi", ["spec"] = Spec("missing.yaml") });
        var (relative, relativeProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/connectors/relative",
            new JsonObject { ["kind"] = "openapi", ["spec"] = "specs/pets.yaml", ["base_url"] = "http://127.0.0.1:9/" });
        await gateway.WaitConnectedAsync("stored");
        await using var client = await gateway.ConnectAsync();
        var who = await client.CallToolAsync("stored__get_whoami");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("connectors.broken.spec", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("connectors.broken.base_url", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, relative);
        Assert.Contains("needs its spec as an absolute path", relativeProblem.ToJsonString(), StringComparison.Ordinal);
        // The API refuses a request without its key (401): an answer with the tool's result means the header arrived.
        Assert.NotEqual(true, who.IsError);
        Assert.True(who.StructuredContent!.Value.GetProperty("authorized").GetBoolean());
        Assert.Contains(pets.Requests, r => r.Path == "/openapi.yaml");
    }

    [Fact]
    public async Task CallTool_OverMcpAndRest_ReachesTheApiWithAuth_JournalNeverShowsIt()
    {
        await using var pets = await PetService.StartAsync(Token, ApiKey);
        await using var gateway = await StartAsync(pets);
        await using var client = await gateway.ConnectAsync();

        var added = await client.CallToolAsync("pets__addPet", new Dictionary<string, object?> { ["body"] = new { name = "Rex", tag = "dog" } });
        var id = added.StructuredContent!.Value.GetProperty("id").GetInt64();
        var (status, got) = await Rest.CallAsync(gateway, "pets__getPet", new JsonObject { ["petId"] = id });
        var listed = await client.CallToolAsync("pets__listPets", new Dictionary<string, object?> { ["tag"] = "dog" });
        var who = await client.CallToolAsync("petsq__get_whoami", new Dictionary<string, object?> { ["X-Request-Tag"] = "t-1" });
        var (badStatus, bad) = await Rest.CallAsync(gateway, "pets__getPet", new JsonObject { ["petId"] = "seven" });
        var second = new JsonObject { ["body"] = new JsonObject { ["name"] = "Tom", ["tag"] = "cat" } };
        var (_, first) = await Rest.CallAsync(gateway, "pets__addPet", second, idempotencyKey: "add-tom");
        var (_, repeat) = await Rest.CallAsync(gateway, "pets__addPet", second, idempotencyKey: "add-tom");

        Assert.NotEqual(true, added.IsError);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Rex", got["result"]!["structuredContent"]!["name"]!.GetValue<string>());
        Assert.Equal("Rex", listed.StructuredContent!.Value.GetProperty("result")[0].GetProperty("name").GetString());
        Assert.Equal("t-1", who.StructuredContent!.Value.GetProperty("tag").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        Assert.Contains(pets.Requests, r => r.Path == "/pets" && r.Method == "POST" && r.Authorization == "Bearer " + Token);
        Assert.Contains(pets.Requests, r => r.Path == "/whoami" && r.ApiKey == ApiKey && r.Authorization is null);
        Assert.DoesNotContain(pets.Requests, r => r.Path == "/pets/seven");
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal("replayed", repeat["status"]!.GetValue<string>());
        Assert.Equal(2, pets.Requests.Count(r => r.Path == "/pets" && r.Method == "POST"));
        var journal = await JournalTextAsync(gateway);
        Assert.Contains("pets__addPet", journal, StringComparison.Ordinal);
        Assert.Contains("Rex", journal, StringComparison.Ordinal);
        foreach (var text in new[] { journal, gateway.Output })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CallTool_ApiAnswersNon2xx_IsErrorWithStatusAndBody_EchoedCredentialRedacted()
    {
        await using var pets = await PetService.StartAsync(Token, ApiKey);
        await using var gateway = await StartAsync(pets);
        await using var client = await gateway.ConnectAsync();

        var missing = await client.CallToolAsync("pets__getPet", new Dictionary<string, object?> { ["petId"] = 99 });
        var refused = await client.CallToolAsync("pets__deletePet", new Dictionary<string, object?> { ["petId"] = 1 });

        Assert.True(missing.IsError);
        var missingText = Assert.IsType<TextContentBlock>(missing.Content[0]).Text;
        Assert.Contains("HTTP 404", missingText, StringComparison.Ordinal);
        Assert.Contains("no pet 99", missingText, StringComparison.Ordinal);
        Assert.True(refused.IsError);
        var refusedText = Assert.IsType<TextContentBlock>(refused.Content[0]).Text;
        Assert.Contains("HTTP 403", refusedText, StringComparison.Ordinal);
        Assert.Contains("pets cannot be deleted", refusedText, StringComparison.Ordinal);
        Assert.Contains(pets.Requests, r => r.Method == "DELETE" && r.Authorization == "Bearer " + Token);
        Assert.DoesNotContain(Token, refusedText, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await JournalTextAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_SlowOperation_TimesOutAndIsRetriedByThePipeline_EachAttemptCancelled()
    {
        await using var pets = await PetService.StartAsync(Token, ApiKey);
        await using var gateway = await StartAsync(pets);

        var (status, body) = await Rest.CallAsync(gateway, "pets__slow", []);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("did not answer within 1s", body.ToJsonString(), StringComparison.Ordinal);
        // 1s per attempt, not less: each attempt's request must reach the API before its timeout, also on a busy machine.
        Assert.Equal(3, pets.Requests.Count(r => r.Path == "/slow"));
        await gateway.WaitUntilAsync(() => Task.FromResult(pets.SlowCancelled == 3), "each attempt's request to be cancelled");
    }

    [Fact]
    public async Task CallTool_AnotherGatewaysAdminApi_ListsAndCallsThroughIt()
    {
        await using var inner = await GatewayProcess.StartAsync(TestConfigs.WithDemo().Replace("data_dir: ./data", "data_dir: ./data\n  auth: keys", StringComparison.Ordinal), "demo");
        var callKey = await CliRunner.RunAsync(inner.Dir, "keys", "create", "--config", inner.ConfigPath, "--name", "outer", "--agent", "outer", "--scopes", "tools:read,tools:call");
        Assert.Equal(0, callKey.ExitCode);
        var yaml = TestConfigs.Header + $$"""
              inner:
                kind: openapi
                spec: {{Spec("gateway-admin.yaml")}}
                base_url: {{inner.BaseUrl}}
                auth: { type: bearer, token: "${env:INNER_KEY}" }
            """;
        await using var outer = await GatewayProcess.StartAsync(yaml, new Dictionary<string, string> { ["INNER_KEY"] = callKey.Stdout.Trim() }, "inner");
        await using var client = await outer.ConnectAsync();

        var listed = await client.CallToolAsync("inner__listTools");
        var called = await client.CallToolAsync("inner__callTool", new Dictionary<string, object?> { ["body"] = new { tool = "demo__echo", arguments = new { text = "through two gateways" } } });

        Assert.NotEqual(true, listed.IsError);
        Assert.Contains(listed.StructuredContent!.Value.GetProperty("data").EnumerateArray(), t => t.GetProperty("name").GetString() == "demo__echo");
        Assert.NotEqual(true, called.IsError);
        Assert.Contains("through two gateways", called.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(callKey.Stdout.Trim(), await JournalTextAsync(outer), StringComparison.Ordinal);
    }

    /// <summary>Every journal column of every execution, as one text.</summary>
    internal static async Task<string> JournalTextAsync(GatewayProcess gateway)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(gateway.Dir, "data", "mcpgw.db"), Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        };
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM executions";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\t');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
