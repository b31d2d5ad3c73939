using System.CommandLine;
using McpGateway.Admin;
using McpGateway.Connectors.Configuration;
using McpGateway.Hosting;
using McpGateway.Requests;
using McpGateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

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

        if (ListenAddress.Problem(config.Server.Listen) is { } unusable)
        {
            await Console.Error.WriteLineAsync(unusable);
            return 2;
        }

        if (LogDefaults.Problem() is { } badFormat)
        {
            await Console.Error.WriteLineAsync(badFormat);
            return 2;
        }

        if (UnauthenticatedRemote(config.Server) is { } refusal)
        {
            await Console.Error.WriteLineAsync(refusal);
            return 2;
        }

        // A bad master key stops startup with one clear line, before anything is served.
        if (!await ConnectionServiceCollectionExtensions.CheckMasterKeyAsync(config))
        {
            return 2;
        }

        var builder = HostBuilders.WithoutConfigReload(WebApplication.CreateSlimBuilder);
        builder.WebHost.UseUrls(config.Server.Listen);
        LogDefaults.Apply(builder, config.Server);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = config.Server.MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddGatewayCore(config).AddGatewayServer(config);
        builder.Services.AddGatewayPrometheus();
        builder.Services.AddSingleton<OriginGuard>();
        builder.Services.AddStreamableHttpSessions();

        await using var app = builder.Build();
        app.UseMiddleware<RequestGuard>();
        McpGateway.Dashboard.DashboardEndpoints.MapDashboard(app);
        app.MapStreamableHttp();
        app.MapStatus();
        app.MapHealth();
        app.MapCalls();
        app.MapLimits();
        app.MapTools();
        app.MapToolPins();
        app.MapApprovals();
        app.MapTraces();
        app.MapPolicy();
        app.MapPreflight();
        app.MapFlows();
        app.MapFolders();
        app.MapRuns();
        app.MapStats();
        app.MapWebhooks();
        app.MapConnections();
        app.MapMcpServers();
        app.MapKeys();
        app.MapConnectors();
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

    /// <summary>
    /// The one-line refusal for <c>auth: none</c> on a listen address beyond loopback, where anyone who reaches it could
    /// call every tool, unless the operator opted in with <c>allow_unauthenticated_remote</c>; null when serving is fine.
    /// </summary>
    internal static string? UnauthenticatedRemote(ServerConfig server) =>
        server.Auth == "none" && !server.AllowUnauthenticatedRemote && !OriginGuard.IsLoopbackListen(server.Listen)
            ? $"Refusing to start: gateway.auth is none and the gateway would listen on {server.Listen}, beyond loopback, where anyone " +
              "who reaches it could call every tool. Set gateway.auth: keys (and create keys with mcpgw keys create), listen on 127.0.0.1, " +
              "or, if something in front of the gateway authenticates every request, set gateway.allow_unauthenticated_remote: true."
            : null;
}
