using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>With <c>auth: keys</c>: <c>flows:write</c> to change flows, <c>flows:run</c> to read and run them (REST and MCP).</summary>
public sealed class FlowScopeTests : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_stateDir, auth: "keys"), "demo");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Scopes_WriterRunnerAndToolCaller_EachGetOnlyTheirs()
    {
        var writer = await CreateKeyAsync("writer", "flows:write");
        var runner = await CreateKeyAsync("runner", "flows:run");
        var caller = await CreateKeyAsync("caller", "tools:call");
        var flow = JsonNode.Parse(FlowRestTests.TransformFlow("scoped", "v"));

        var (noKey, _) = await Rest.SendAsync(_gateway, HttpMethod.Get, "/v1/flows");
        var (runnerImport, _) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/flows/import", flow, apiKey: runner);
        var (writerImport, _) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/flows/import", flow, apiKey: writer);
        var (callerRun, problem) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/flows/scoped/runs", new JsonObject { ["wait"] = true }, apiKey: caller);
        var (runnerRun, run) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/v1/flows/scoped/runs", new JsonObject { ["wait"] = true }, apiKey: runner);
        var (hook, _) = await Rest.SendAsync(_gateway, HttpMethod.Post, "/hooks/scoped", new JsonObject(), apiKey: runner);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey);
        Assert.Equal(HttpStatusCode.Forbidden, runnerImport);
        Assert.Equal(HttpStatusCode.Created, writerImport);
        Assert.Equal(HttpStatusCode.Forbidden, callerRun);
        Assert.Contains("flows:run", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, runnerRun);
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, hook);

        await using var callerClient = await ConnectAsync(caller);
        await using var runnerClient = await ConnectAsync(runner);
        Assert.DoesNotContain(await callerClient.ListToolsAsync(), t => t.Name == "flow__scoped");
        Assert.Contains(await runnerClient.ListToolsAsync(), t => t.Name == "flow__scoped");
        var refused = await callerClient.CallToolAsync("flow__scoped", new Dictionary<string, object?>());
        Assert.True(refused.IsError);
        var ran = await runnerClient.CallToolAsync("flow__scoped", new Dictionary<string, object?>());
        Assert.Equal("v", ran.StructuredContent!.Value.GetProperty("v").GetString());
    }

    private Task<string> CreateKeyAsync(string name, string scopes) => ApiKeys.CreateAsync(_gateway, name, name + "-agent", scopes);

    private Task<McpClient> ConnectAsync(string key) => ApiKeys.ConnectAsync(_gateway, key);
}
