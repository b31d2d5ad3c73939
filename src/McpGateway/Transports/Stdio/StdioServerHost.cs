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
    ListenStreams listens,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(5);

    // Registered before the gateway's core, so it starts serving while the core starts (StdioStartGate).
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var whenStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());

        // A key is checked against the key store, which the start opens: with one, nothing is answered before it.
        if (stdio.Key is { Length: > 0 } || authenticator.Required)
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var key = stdio.Key is { Length: > 0 } secret ? await authenticator.AuthenticateAsync(secret, stoppingToken) : null;
        if (authenticator.Required && key is null)
        {
            Log.Unauthenticated(logger, stdio.Key is null ? "no key given (use --key or MCPGW_KEY)" : "the key is not valid (unknown or revoked)");
            Environment.ExitCode = 2;
            lifetime.StopApplication();
            return;
        }

        var options = surface.CreateOptions(connectorScope: null, key, tasks: true);

        // stdio has one client and no URL to route by: it speaks 2025-11-25 (and older) if the client initializes, or
        // 2026-07-28 if it sends per-request _meta (starting with server/discover); the SDK negotiates either when the
        // options pin none.
        options.ProtocolVersion = null;
        options.Filters.Message.IncomingFilters.Add(StdioRevisionFilter.Create());
        options.Filters.Message.IncomingFilters.Add(StdioStartGate.Create(started.Task));
        await using var transport = new StdioServerTransport(options, loggerFactory);
        using var sdkLoggers = new McpSdkLoggerFactory(loggerFactory);
        await using var server = McpServer.Create(transport, options, sdkLoggers, services);
        registry.Add(server, null);
        using var run = new CancellationTokenSource();
        var running = server.RunAsync(run.Token);
        try
        {
            await running.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: listens ended by the stop get their final response before the server goes.
            using var bound = new CancellationTokenSource(DrainBound, time);
            await listens.DrainAsync(bound.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await run.CancelAsync();
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
