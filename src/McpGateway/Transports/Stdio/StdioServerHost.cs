using McpGateway.Mcp;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.Stdio;

/// <summary>Serves the aggregated MCP surface on stdin/stdout for <c>mcpgw stdio</c>; stops the host when the client leaves.</summary>
internal sealed class StdioServerHost(
    McpSurface surface,
    SessionRegistry registry,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = surface.CreateOptions(connectorScope: null);
        await using var transport = new StdioServerTransport(options, loggerFactory);
        await using var server = McpServer.Create(transport, options, loggerFactory, services);
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
}
