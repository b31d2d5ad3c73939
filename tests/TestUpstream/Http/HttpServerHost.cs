using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using TestUpstream.Sessions;

namespace TestUpstream.Http;

/// <summary>
/// Serves Streamable HTTP at <c>http://127.0.0.1:{port}/mcp</c> and prints
/// <c>listening http://127.0.0.1:{port}/mcp</c> on stdout once it accepts connections.
/// </summary>
internal static class HttpServerHost
{
    public static async Task<int> RunAsync(int port, string? protocolVersion)
    {
        // No args: our flags are not configuration keys.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders()
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("ModelContextProtocol", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton(services => TestServerOptions.Create(services.GetRequiredService<SessionRegistry>(), protocolVersion));
        builder.Services.AddSingleton<McpHttpEndpoint>();

        await using var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<McpHttpEndpoint>();
        app.MapPost("/mcp", endpoint.PostAsync);
        app.MapGet("/mcp", endpoint.GetAsync);
        app.MapDelete("/mcp", endpoint.DeleteAsync);

        try
        {
            await app.StartAsync();
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return 1;
        }

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await Console.Out.WriteLineAsync($"listening {address}/mcp");
        await Console.Out.FlushAsync();

        await app.WaitForShutdownAsync();
        return 0;
    }
}
