using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;
using TestUpstream.Sessions;

namespace TestUpstream.Http;

/// <summary>
/// Serves Streamable HTTP at <c>http://127.0.0.1:{port}/mcp</c> with the SDK's own handler and prints
/// <c>listening http://127.0.0.1:{port}/mcp</c> on stdout once it accepts connections. One URL serves both
/// revisions: an <c>initialize</c> client (up to 2025-11-25) gets a session (<c>Mcp-Session-Id</c>, GET, DELETE),
/// a 2026-07-28 request is served statelessly. <c>--protocol</c> narrows it to one revision: a 2026 request to a
/// 2025-only server gets -32022 (so a dual client falls back to <c>initialize</c>), and <c>initialize</c> on a
/// 2026-only server is refused. Sessions live in memory only: a restarted process answers 404 to an old session id.
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

        var sessions = new SessionRegistry();
        var shared = TestServerOptions.Create(sessions, protocolVersion);
        shared.Handlers.SubscriptionsListenHandler = sessions.Listens.ListenAsync;
        shared.ToolCollection!.Add(HeaderTool.Create());
        builder.Services.AddHttpContextAccessor();
        sessions.Listens.Watch(shared);

        builder.Services.AddMcpServer().WithHttpTransport(http =>
        {
            http.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCPEXP002 // RunSessionHandler is experimental: it is how a session joins the registry for its lifetime.
            http.RunSessionHandler = async (_, server, cancellationToken) =>
            {
                if (string.IsNullOrEmpty(server.SessionId))
                {
                    await server.RunAsync(cancellationToken);
                    return;
                }

                sessions.Add(server);
                try
                {
                    await server.RunAsync(cancellationToken);
                }
                finally
                {
                    sessions.Remove(server);
                }
            };
#pragma warning restore MCPEXP002
        });

        // Every server the handler creates (one per session, one per stateless request) shares the one set of
        // collections and handlers, so a tool added by one client is listed to all.
        builder.Services.Configure<McpServerOptions>(options => CopyShared(shared, options));

        await using var app = builder.Build();
        app.MapMcp("/mcp");

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

    private static void CopyShared(McpServerOptions shared, McpServerOptions target)
    {
        target.ServerInfo = shared.ServerInfo;
        target.ProtocolVersion = shared.ProtocolVersion;
        target.Capabilities = shared.Capabilities;
        target.ToolCollection = shared.ToolCollection;
        target.ResourceCollection = shared.ResourceCollection;
        target.PromptCollection = shared.PromptCollection;
        target.Handlers = shared.Handlers;
        target.Filters = shared.Filters;
#pragma warning disable MCPEXP002 // The tasks extension's methods are custom request handlers, an experimental seam.
        target.RequestHandlers = shared.RequestHandlers;
#pragma warning restore MCPEXP002
    }
}
