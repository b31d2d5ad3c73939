using ModelContextProtocol.Server;
using TestUpstream.Sessions;

namespace TestUpstream.Stdio;

/// <summary>Serves one MCP session over stdin/stdout until stdin closes; logs go to stderr only.</summary>
internal static class StdioServerHost
{
    public static async Task<int> RunAsync(string? protocolVersion)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("ModelContextProtocol", LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var sessions = new SessionRegistry();
        var options = TestServerOptions.Create(sessions, protocolVersion);

        await using var transport = new StdioServerTransport(options, loggerFactory);
        await using var server = McpServer.Create(transport, options, loggerFactory);
        sessions.Add(server);
        await server.RunAsync();
        return 0;
    }
}
