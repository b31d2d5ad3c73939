using System.Security.Cryptography;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Security;

/// <summary>
/// A stdio upstream starts with an allow-listed environment: what its connector names and what a program needs to run,
/// never the gateway's master key or anything else of the gateway's own.
/// </summary>
public sealed class ChildEnvironmentTests
{
    [Fact]
    public async Task StdioUpstream_GatewayHoldsMasterKeyAndOtherSecrets_UpstreamSeesOnlyAllowedAndNamedVariables()
    {
        var env = new Dictionary<string, string>
        {
            ["MCPGW_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["AWS_SECRET_ACCESS_KEY"] = "aws-secret-of-the-gateway-host",
            ["DEMO_TOKEN"] = "named-for-the-upstream",
        };
        var yaml = TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    env:\n      DEMO_TOKEN: \"${env:DEMO_TOKEN}\"\n");
        await using var gateway = await GatewayProcess.StartAsync(yaml, env, "demo");
        await using var client = await gateway.ConnectAsync();

        async Task<string> Read(string name)
        {
            var result = await client.CallToolAsync("demo__env", new Dictionary<string, object?> { ["name"] = name });
            return Assert.IsType<TextContentBlock>(result.Content[0]).Text;
        }

        Assert.Equal("environment variable 'MCPGW_MASTER_KEY' is not set", await Read("MCPGW_MASTER_KEY"));
        Assert.Equal("environment variable 'AWS_SECRET_ACCESS_KEY' is not set", await Read("AWS_SECRET_ACCESS_KEY"));
        Assert.Equal("named-for-the-upstream", await Read("DEMO_TOKEN"));
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), await Read("PATH"));
    }

    [Fact]
    public async Task ConnectorEnvReferencingAGatewaySetting_RefusedAtLoad()
    {
        var yaml = TestConfigs.Header + TestConfigs.StdioUpstream("demo", "    env:\n      LEAK: \"${env:MCPGW_MASTER_KEY}\"\n");

        var result = await CliRunner.RunAsync(Path.GetTempPath(), "serve", "--config", await WriteAsync(yaml), "--listen", "http://127.0.0.1:0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("connectors.demo.env.LEAK", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("MCPGW_*", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string> WriteAsync(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mcpgw-env-").FullName, "connectors.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }
}
