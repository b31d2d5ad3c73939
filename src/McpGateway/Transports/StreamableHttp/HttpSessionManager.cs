using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Journal;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Live Streamable HTTP sessions: created on initialize, found by <c>Mcp-Session-Id</c>, closed on DELETE, when idle
/// past the timeout, when the cap is reached (least recently used idle session first), and on shutdown. Each is also
/// recorded in the <see cref="ISessionStore"/> (the initialize parameters, the endpoint and key, this process as holder)
/// so that any replica can route a request naming it: to the holder, or, when the holder is gone, to a copy rebuilt here.
/// A stop leaves the records, so the sessions move to the remaining replicas.
/// </summary>
internal sealed partial class HttpSessionManager(
    McpSurface surface,
    SessionRegistry registry,
    GatewayConfig config,
    ISessionStore store,
    JournalOptions instance,
    ReplicaAddress address,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<HttpSessionManager> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HttpMcpSession> _sessions = new(StringComparer.Ordinal);
    private readonly McpSdkLoggerFactory _sdkLoggers = new(loggerFactory);
    private readonly SemaphoreSlim _takeOver = new(1, 1);
    private StatelessServers? _stateless;

    private StatelessServers Stateless => LazyInitializer.EnsureInitialized(ref _stateless, () => new StatelessServers(surface, _sdkLoggers, services));
    private CancellationTokenRegistration _onStopping;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);

        // Kestrel stops before this service does and waits for open requests (SSE streams, long calls) to end:
        // close the sessions as soon as shutdown begins so it does not wait out its timeout.
        _onStopping = lifetime.ApplicationStopping.Register(() => _ = CloseAllAsync());
        await base.StartAsync(cancellationToken);
    }

    /// <summary>How long a session's record may go without a sign of use before it is gone: the idle timeout plus one sweep.</summary>
    private TimeSpan RecordLifetime => config.Server.SessionIdleTimeout + SweepPeriod;

    private TimeSpan SweepPeriod => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, config.Server.SessionIdleTimeout.Ticks / 4));

    public int Count => _sessions.Count;

    public bool TryGet(string id, out HttpMcpSession session) => _sessions.TryGetValue(id, out session!);

    public async Task<HttpMcpSession> CreateAsync(string endpoint, string? connectorScope, ApiKey? key, CancellationToken appStopping)
    {
        await EnforceCapAsync();
        var id = NewId();
        var transport = new StreamableHttpServerTransport(_sdkLoggers)
        {
            SessionId = id,

            // Recorded before the initialize answer is written, so the client's next request finds it on any replica.
            OnSessionInitialized = (parameters, ct) => RecordAsync(id, endpoint, key, parameters, ct),
        };
        var session = Start(id, connectorScope, key, transport, surface.CreateOptions(connectorScope, key), appStopping);
        Log.Created(logger, id, connectorScope ?? "*");
        return session;
    }

    /// <summary>
    /// Routes a request naming <paramref name="id"/> on <paramref name="endpoint"/>: this replica's session, the record of
    /// the replica holding it, or not found. A request another replica forwarded here is never routed on.
    /// </summary>
    public async Task<SessionRoute> RouteAsync(string id, string endpoint, bool forwarded, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(id, out var local))
        {
            return new SessionRoute(SessionRouteKind.Local, local);
        }

        if (forwarded)
        {
            return new SessionRoute(SessionRouteKind.NotHeld);
        }

        var hash = IdHash(id);
        var stored = await store.GetAsync(hash, cancellationToken);
        if (stored is null || stored.Endpoint != endpoint)
        {
            return new SessionRoute(SessionRouteKind.NotFound);
        }

        if (stored.LastSeenAt + RecordLifetime < time.GetUtcNow() || stored.HolderInstance == instance.InstanceId)
        {
            // Unused past the idle timeout, or held here and closed since: gone.
            await store.DeleteAsync(hash, cancellationToken);
            return new SessionRoute(SessionRouteKind.NotFound);
        }

        return new SessionRoute(SessionRouteKind.Elsewhere, Stored: stored);
    }

    /// <summary>
    /// Makes this replica the holder of a session whose holder is gone, rebuilt from its record (the SDK's migration:
    /// the client's initialize parameters given to a new transport and server). Null when another replica took it first.
    /// </summary>
    public async Task<HttpMcpSession?> TakeOverAsync(string id, StoredSession stored, string? connectorScope, ApiKey? key, CancellationToken appStopping)
    {
        await _takeOver.WaitAsync(appStopping);
        try
        {
            if (_sessions.TryGetValue(id, out var already))
            {
                return already;
            }

            if (!await store.TakeOverAsync(stored.IdHash, stored.HolderInstance, instance.InstanceId, address.Value, time.GetUtcNow(), appStopping))
            {
                return null;
            }

            await EnforceCapAsync();
            var parameters = JsonSerializer.Deserialize<InitializeRequestParams>(stored.InitializeJson, McpJsonUtilities.DefaultOptions)!;
            var transport = new StreamableHttpServerTransport(_sdkLoggers) { SessionId = id };
            await transport.HandleInitializeRequestAsync(parameters);
            var options = surface.CreateOptions(connectorScope, key);
            options.KnownClientInfo = parameters.ClientInfo;
            options.KnownClientCapabilities = parameters.Capabilities;
            var session = Start(id, connectorScope, key, transport, options, appStopping);
            Log.TakenOver(logger, id, stored.HolderInstance);
            return session;
        }
        finally
        {
            _takeOver.Release();
        }
    }

    private HttpMcpSession Start(string id, string? connectorScope, ApiKey? key, StreamableHttpServerTransport transport, McpServerOptions options, CancellationToken appStopping)
    {
        var server = McpServer.Create(transport, options, _sdkLoggers, services);
        var session = new HttpMcpSession(id, connectorScope, key, transport, server, time);
        registry.Add(server, connectorScope);
        session.RunTask = RunAsync(session, appStopping);
        _sessions[id] = session;
        return session;
    }

    private async ValueTask RecordAsync(string id, string endpoint, ApiKey? key, InitializeRequestParams parameters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.CreateAsync(new StoredSession
        {
            IdHash = IdHash(id),
            Endpoint = endpoint,
            KeyId = key?.Id,
            InitializeJson = JsonSerializer.Serialize(parameters, McpJsonUtilities.DefaultOptions),
            HolderInstance = instance.InstanceId,
            HolderAddress = address.Value,
            CreatedAt = now,
            LastSeenAt = now,
        }, cancellationToken);
    }

    /// <summary>Answers a request of the stateless revision with a server of its own (no session is created or kept).</summary>
    public Task HandleStatelessAsync(HttpContext context, JsonRpcMessage message, string version, string? connectorScope, ApiKey? key) =>
        StatelessRequests.HandleAsync(context, message, version, connectorScope, key, Stateless);

    /// <summary>Closes a session here; <paramref name="forget"/> also ends it for every replica (false on shutdown: the session moves).</summary>
    public async Task<bool> CloseAsync(string id, string reason, bool forget = true)
    {
        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        if (forget)
        {
            await ForgetAsync(id);
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
        using var timer = new PeriodicTimer(SweepPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var cutoff = now - config.Server.SessionIdleTimeout;
                foreach (var session in _sessions.Values.Where(s => !s.IsBusy && s.LastActivity < cutoff).ToList())
                {
                    await CloseAsync(session.Id, "idle timeout");
                }

                await SweepRecordsAsync(now, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Tells the store which held sessions were used since the last sweep, and forgets records nobody used for their lifetime.</summary>
    private async Task SweepRecordsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var session in _sessions.Values.Where(s => s.IsBusy || s.LastActivity > s.RecordedActivity).ToList())
            {
                var seen = session.IsBusy ? now : session.LastActivity;
                await store.TouchAsync(IdHash(session.Id), instance.InstanceId, seen, cancellationToken);
                session.RecordedActivity = seen;
            }

            await store.DeleteUnusedAsync(now - RecordLifetime, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SweepFailed(logger, ex);
        }
    }

    private async Task ForgetAsync(string id)
    {
        try
        {
            await store.DeleteAsync(IdHash(id), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The record then lapses after the idle timeout; meanwhile another replica may take the session over.
            Log.ForgetFailed(logger, ex);
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

    private async Task CloseAllAsync() =>
        await Task.WhenAll(_sessions.Keys.ToList().Select(id => CloseAsync(id, "gateway shutting down", forget: false)));

    /// <summary>The store knows a session by its id's SHA-256 only: reading the table does not give a usable id.</summary>
    internal static string IdHash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

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

        [LoggerMessage(3, LogLevel.Information, "MCP session {SessionId} taken over from the replica {Instance}, which is gone")]
        public static partial void TakenOver(ILogger logger, string sessionId, string instance);

        [LoggerMessage(4, LogLevel.Warning, "Recording the use of MCP sessions in the store failed; will retry on the next sweep")]
        public static partial void SweepFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Forgetting a closed MCP session in the store failed; its record lapses after the idle timeout")]
        public static partial void ForgetFailed(ILogger logger, Exception exception);
    }
}
