using McpGateway.Auth;
using McpGateway.Mcp;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.Stdio;

/// <summary>Serves the aggregated MCP surface on stdin/stdout for <c>mcpgw stdio</c>; stops the host when the client leaves.</summary>
internal sealed partial class StdioServerHost(
    McpSurface surface,
    StdioOptions stdio,
    ApiKeyAuthenticator authenticator,
    ILogger<StdioServerHost> logger,
    SessionRegistry registry,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = stdio.Key is { Length: > 0 } secret ? await authenticator.AuthenticateAsync(secret, stoppingToken) : null;
        if (authenticator.Required && key is null)
        {
            Log.Unauthenticated(logger, stdio.Key is null ? "no key given (use --key or MCPGW_KEY)" : "the key is not valid (unknown or revoked)");
            Environment.ExitCode = 2;
            lifetime.StopApplication();
            return;
        }

        var options = surface.CreateOptions(connectorScope: null, key);
        await using var transport = new StdioServerTransport(options, loggerFactory);
        using var sdkLoggers = new McpSdkLoggerFactory(loggerFactory);
        await using var server = McpServer.Create(transport, options, sdkLoggers, services);
        registry.Add(server, null);
        try
        {
            await server.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await registry.RemoveAsync(server);
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "This gateway requires an API key: {Problem}")]
        public static partial void Unauthenticated(ILogger logger, string problem);
    }
}
