using System.Collections.Concurrent;
using System.Security.Cryptography;
using McpGateway.Connectors.Configuration;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Live Streamable HTTP sessions: created on initialize, found by <c>Mcp-Session-Id</c>, closed on DELETE, when idle
/// past the timeout, when the cap is reached (least recently used idle session first), and on shutdown.
/// </summary>
internal sealed partial class HttpSessionManager(
    McpSurface surface,
    SessionRegistry registry,
    GatewayConfig config,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<HttpSessionManager> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HttpMcpSession> _sessions = new(StringComparer.Ordinal);
    private readonly McpSdkLoggerFactory _sdkLoggers = new(loggerFactory);
    private StatelessServers? _stateless;

    private StatelessServers Stateless => LazyInitializer.EnsureInitialized(ref _stateless, () => new StatelessServers(surface, _sdkLoggers, services));
    private CancellationTokenRegistration _onStopping;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Kestrel stops before this service does and waits for open requests (SSE streams, long calls) to end:
        // close the sessions as soon as shutdown begins so it does not wait out its timeout.
        _onStopping = lifetime.ApplicationStopping.Register(() => _ = CloseAllAsync());
        return base.StartAsync(cancellationToken);
    }

    public int Count => _sessions.Count;

    public bool TryGet(string id, out HttpMcpSession session) => _sessions.TryGetValue(id, out session!);

    public async Task<HttpMcpSession> CreateAsync(string? connectorScope, ApiKey? key, CancellationToken appStopping)
    {
        await EnforceCapAsync();
        var id = NewId();
        var transport = new StreamableHttpServerTransport(_sdkLoggers) { SessionId = id };
        var server = McpServer.Create(transport, surface.CreateOptions(connectorScope, key), _sdkLoggers, services);
        var session = new HttpMcpSession(id, connectorScope, key, transport, server, time);
        registry.Add(server, connectorScope);
        session.RunTask = RunAsync(session, appStopping);
        _sessions[id] = session;
        Log.Created(logger, id, connectorScope ?? "*");
        return session;
    }

    /// <summary>Answers a request of the stateless revision with a server of its own (no session is created or kept).</summary>
    public Task HandleStatelessAsync(HttpContext context, JsonRpcMessage message, string version, string? connectorScope, ApiKey? key) =>
        StatelessRequests.HandleAsync(context, message, version, connectorScope, key, Stateless);

    public async Task<bool> CloseAsync(string id, string reason)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        await registry.RemoveAsync(session.Server);
        await session.DisposeAsync();
        Log.Closed(logger, id, reason);
        return true;
    }

    private async Task RunAsync(HttpMcpSession session, CancellationToken ct)
    {
        try
        {
            await session.Server.RunAsync(ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (_sessions.TryRemove(session.Id, out _))
            {
                await registry.RemoveAsync(session.Server);
            }
        }
    }

    private async Task EnforceCapAsync()
    {
        var excess = _sessions.Count - config.Server.MaxSessions + 1;
        if (excess <= 0)
        {
            return;
        }

        var victims = _sessions.Values.Where(s => !s.IsBusy).OrderBy(s => s.LastActivity).Take(excess).ToList();
        foreach (var victim in victims)
        {
            await CloseAsync(victim.Id, "session cap reached");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, config.Server.SessionIdleTimeout.Ticks / 4));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var cutoff = time.GetUtcNow() - config.Server.SessionIdleTimeout;
                foreach (var session in _sessions.Values.Where(s => !s.IsBusy && s.LastActivity < cutoff).ToList())
                {
                    await CloseAsync(session.Id, "idle timeout");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _onStopping.DisposeAsync();
        await base.StopAsync(cancellationToken);
        await CloseAllAsync();
        if (_stateless is not null)
        {
            await _stateless.DisposeAsync();
        }
    }

    private async Task CloseAllAsync() => await Task.WhenAll(_sessions.Keys.ToList().Select(id => CloseAsync(id, "gateway shutting down")));

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[18];
        RandomNumberGenerator.Fill(bytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "MCP session {SessionId} opened on {Scope}")]
        public static partial void Created(ILogger logger, string sessionId, string scope);

        [LoggerMessage(2, LogLevel.Debug, "MCP session {SessionId} closed: {Reason}")]
        public static partial void Closed(ILogger logger, string sessionId, string reason);
    }
}
