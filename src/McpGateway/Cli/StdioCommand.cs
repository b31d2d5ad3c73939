using System.CommandLine;
using McpGateway.Hosting;
using McpGateway.Transports.Stdio;

namespace McpGateway.Cli;

/// <summary><c>mcpgw stdio</c>: the aggregated surface on stdin/stdout; logs go to stderr only.</summary>
internal static class StdioCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var key = new Option<string?>("--key") { Description = "The API key (default: the MCPGW_KEY environment variable)" };
        var command = new Command("stdio", "Serve every tool over stdio (for Claude Desktop, Cursor, ...)") { config, key };
        command.SetAction((result, ct) => RunAsync(result.GetValue(config)!, result.GetValue(key) ?? Environment.GetEnvironmentVariable("MCPGW_KEY"), ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? key, CancellationToken ct)
    {
        var config = ConfigFile.TryLoad(configPath);
        if (config is null)
        {
            return 2;
        }

        if (LogDefaults.Problem() is { } badFormat)
        {
            await Console.Error.WriteLineAsync(badFormat);
            return 2;
        }

        if (!await ConnectionServiceCollectionExtensions.CheckMasterKeyAsync(config))
        {
            return 2;
        }

        var builder = HostBuilders.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        LogDefaults.Apply(builder, config.Server);
        // The stdio server first: hosted services start in this order, and it answers initialize while the core starts.
        builder.Services.AddSingleton(new StdioOptions { Key = key });
        builder.Services.AddHostedService<StdioServerHost>();
        builder.Services.AddGatewayCore(config).AddGatewayServer(config);
        using var host = builder.Build();
        await host.RunAsync(ct);
        return Environment.ExitCode;
    }
}
