using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>Creates API keys with the real CLI and connects MCP clients with them.</summary>
internal static class ApiKeys
{
    public static async Task<string> CreateAsync(GatewayProcess gateway, string name, string agent, string scopes, params string[] extra)
    {
        var run = await CliRunner.RunAsync(gateway.Dir, ["keys", "create", "--config", gateway.ConfigPath, "--name", name, "--agent", agent, "--scopes", scopes, .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.Trim();
    }

    public static Task<McpClient> ConnectAsync(GatewayProcess gateway, string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = gateway.Url("/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        }), TestClients.Sessions());
}
