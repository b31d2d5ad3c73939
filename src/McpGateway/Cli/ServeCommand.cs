using System.CommandLine;
using McpGateway.Admin;
using McpGateway.Hosting;
using McpGateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace McpGateway.Cli;

/// <summary><c>mcpgw serve</c>: the gateway over Streamable HTTP.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var listen = new Option<string?>("--listen") { Description = "Override gateway.listen, e.g. http://127.0.0.1:0 for a free port" };
        var command = new Command("serve", "Run the gateway over Streamable HTTP (/mcp and /c/{connector}/mcp)") { config, listen };
        command.SetAction((result, ct) => RunAsync(result.GetValue(config)!, result.GetValue(listen), ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? listen, CancellationToken ct)
    {
        var config = ConfigFile.TryLoad(configPath);
        if (config is null)
        {
            return 2;
        }

        if (listen is not null)
        {
            config = config with { Server = config.Server with { Listen = listen } };
        }

        // A bad master key stops startup with one clear line, before anything is served.
        if (!await SecretsServiceCollectionExtensions.CheckMasterKeyAsync(config))
        {
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(config.Server.Listen);
        LogDefaults.Apply(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = config.Server.MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddGatewayCore(config);
        builder.Services.AddSingleton<OriginGuard>();
        builder.Services.AddSingleton<HttpSessionManager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HttpSessionManager>());

        await using var app = builder.Build();
        McpGateway.Dashboard.DashboardEndpoints.MapDashboard(app);
        app.MapStreamableHttp();
        app.MapStatus();
        app.MapCalls();
        app.MapTools();
        app.MapApprovals();
        app.MapTraces();
        app.MapPolicy();
        app.MapFlows();
        app.MapFolders();
        app.MapRuns();
        app.MapStats();
        app.MapWebhooks();
        app.MapConnections();
        app.MapMcpServers();
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            // Tests and scripts read this line to find a port chosen with :0.
            Console.Out.WriteLine($"listening {address}");
        }

        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
