using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.IntegrationTests.Adapters;

namespace McpGateway.IntegrationTests.Cli;

/// <summary><c>mcpgw connectors add-openapi</c>: lists the tools a spec gives, writes the connector keeping the file's comments, refuses a taken name.</summary>
public sealed class ConnectorsCommandTests
{
    private const string Original = """
        # The team's gateway: keep this comment.
        gateway:
          data_dir: ./data

        connectors:
            # the demo upstream
            demo:
                kind: mcp-stdio
                command: dotnet   # started by the gateway

        # rules below
        policy:
          max_retries: 3

        """;

    [Fact]
    public async Task AddOpenApi_DryRunThenWrite_ListsToolsKeepsCommentsRefusesATakenName()
    {
        using var dir = new TempDirectory("mcpgw-cli-openapi-");
        var config = Path.Combine(dir.Path, "connectors.yaml");
        await File.WriteAllTextAsync(config, Original);
        File.Copy(OpenApiConnectorTests.Spec("pets.yaml"), Path.Combine(dir.Path, "pets.yaml"));
        string[] add = ["connectors", "add-openapi", "pets", "--spec", "pets.yaml", "--base-url", "http://127.0.0.1:9/api", "--bearer-connection", "pets-token"];

        var dry = await CliRunner.RunAsync(dir.Path, [.. add, "--dry-run", "-o", "json"]);
        var afterDry = await File.ReadAllTextAsync(config);
        var written = await CliRunner.RunAsync(dir.Path, add);
        var text = await File.ReadAllTextAsync(config);
        var again = await CliRunner.RunAsync(dir.Path, add);
        var badSpec = await CliRunner.RunAsync(dir.Path, "connectors", "add-openapi", "other", "--spec", "connectors.yaml", "--base-url", "http://127.0.0.1:9/");

        Assert.True(dry.ExitCode == 0, dry.Stderr);
        var tools = JsonNode.Parse(dry.Stdout)!["tools"]!.AsArray();
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "pets__getPet" && t["operation"]!.GetValue<string>() == "GET /pets/{petId}" && t["read_only"]!.GetValue<bool>());
        Assert.Equal(Original, afterDry);
        Assert.True(written.ExitCode == 0, written.Stderr);
        Assert.Contains("pets__addPet", written.Stdout, StringComparison.Ordinal);
        foreach (var kept in new[] { "# The team's gateway: keep this comment.", "    # the demo upstream", "command: dotnet   # started by the gateway", "# rules below", "  max_retries: 3" })
        {
            Assert.Contains(kept, text, StringComparison.Ordinal);
        }

        var pets = Assert.Single(ConfigLoader.Load(config).Connectors, c => c.Name == "pets");
        Assert.Equal(ConnectorKind.OpenApi, pets.Kind);
        Assert.Equal("pets.yaml", pets.Spec);
        Assert.Equal("http://127.0.0.1:9/api", pets.BaseUrl);
        Assert.Equal("${secret:pets-token}", pets.Auth!.Token);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("exists already", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badSpec.ExitCode);
        Assert.Contains("connectors.yaml", badSpec.Stderr, StringComparison.Ordinal);
    }
}
