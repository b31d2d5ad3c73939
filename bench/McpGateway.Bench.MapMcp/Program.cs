using McpGateway.Admin;
using McpGateway.Bench.MapMcp;
using McpGateway.Cli;
using McpGateway.Hosting;
using McpGateway.Requests;
using McpGateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

// usage: McpGateway.Bench.MapMcp --front endpoint|mapmcp --config PATH --listen URL
// Composes the gateway as `mcpgw serve` does (Cli/ServeCommand), with the MCP endpoints' front chosen by --front; the
// REST routes the bench reads (/v1/status) are mapped either way.
var front = Arg("--front");
var configPath = Arg("--config");
var listen = Arg("--listen") ?? "http://127.0.0.1:0";
if (front is not ("endpoint" or "mapmcp") || configPath is null)
{
    await Console.Error.WriteLineAsync("usage: McpGateway.Bench.MapMcp --front endpoint|mapmcp --config PATH [--listen URL]");
    return 2;
}

var config = ConfigFile.TryLoad(configPath);
if (config is null || !await ConnectionServiceCollectionExtensions.CheckMasterKeyAsync(config))
{
    return 2;
}

config = config with { Server = config.Server with { Listen = listen } };
var builder = HostBuilders.WithoutConfigReload(WebApplication.CreateSlimBuilder);
builder.WebHost.UseUrls(config.Server.Listen);
LogDefaults.Apply(builder, config.Server);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = config.Server.MaxRequestBodyBytes);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
builder.Services.AddGatewayCore(config);
builder.Services.AddSingleton<OriginGuard>();
builder.Services.AddStreamableHttpSessions();
if (front == "mapmcp")
{
    builder.Services.AddMapMcpFront();
}

await using var app = builder.Build();
app.UseMiddleware<RequestGuard>();
if (front == "mapmcp")
{
    app.MapMcpFront();
}
else
{
    app.MapStreamableHttp();
}

app.MapStatus();
await app.StartAsync();
foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
{
    // The bench reads this line to find the port chosen with :0.
    Console.Out.WriteLine($"listening {address}");
}

await app.WaitForShutdownAsync();
return 0;

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
