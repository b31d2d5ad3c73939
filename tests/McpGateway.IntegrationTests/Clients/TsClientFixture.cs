using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Clients;

/// <summary>
/// One gateway with <c>auth: keys</c> in front of the demo upstream for the TypeScript client tests: a key for the
/// client, an admin key for the REST checks, and a registered server (<c>/s/ts-support/mcp</c>) with its token.
/// Tests share it and use ids of their own.
/// </summary>
public sealed class TsClientFixture : IAsyncLifetime
{
    public const string ServerName = "ts-support";

    private readonly TempDirectory _state = new("mcpgw-upstream-");

    internal GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>A <c>tools:read,tools:call</c> key, sent as <c>Authorization: Bearer</c> or <c>mcpgw stdio --key</c>.</summary>
    internal string ClientKey { get; private set; } = null!;

    internal string AdminKey { get; private set; } = null!;

    /// <summary>The token of the registered server <see cref="ServerName"/>.</summary>
    internal string ServerToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!TsClient.Installed)
        {
            return;
        }

        Gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(_state.Path, auth: "keys"), "demo");
        ClientKey = await ApiKeys.CreateAsync(Gateway, "ts-client", "ts-client-agent", "tools:read,tools:call");
        AdminKey = await ApiKeys.CreateAsync(Gateway, "ts-admin", "ts-admin-agent", "admin");
        var (status, created) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/mcp-servers", new JsonObject
        {
            ["name"] = ServerName,
            ["tools"] = new JsonArray("demo__echo", "demo__progress", "demo__charge", "demo__ask_user", "demo__summarize"),
        }, apiKey: AdminKey);
        Assert.True(status == HttpStatusCode.Created, created.ToJsonString());
        ServerToken = created["token"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        _state.Dispose();
    }
}
