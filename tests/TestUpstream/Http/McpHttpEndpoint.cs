using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Sessions;

namespace TestUpstream.Http;

/// <summary>
/// A minimal stateful Streamable HTTP endpoint (POST, GET, DELETE <c>/mcp</c>) over the SDK's
/// <see cref="StreamableHttpServerTransport"/>. Sessions live in memory only: a restarted process
/// answers 404 to the old session id, which is what clients re-initialize on.
/// </summary>
internal sealed partial class McpHttpEndpoint(
    McpServerOptions options,
    SessionRegistry registry,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<McpHttpEndpoint> logger) : IAsyncDisposable
{
    private const string SessionIdHeader = "Mcp-Session-Id";
    private const string EventStream = "text/event-stream";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly ConcurrentDictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);

    public async Task PostAsync(HttpContext context)
    {
        if (!Accepts(context.Request, "application/json") || !Accepts(context.Request, EventStream))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.ServerError,
                "Not Acceptable: the Accept header must list both application/json and text/event-stream.");
            return;
        }

        var message = await ReadMessageAsync(context);
        if (message is null)
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.ParseError,
                "Parse error: the body is not a JSON-RPC message.");
            return;
        }

        var session = context.Request.Headers.ContainsKey(SessionIdHeader)
            ? await FindSessionAsync(context)
            : await StartSessionAsync(context, message);
        if (session is null)
        {
            return;
        }

        PrepareEventStream(context, session.Id);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        if (!await session.Transport.HandlePostRequestAsync(message, context.Response.Body, cancellation.Token))
        {
            context.Response.Headers.ContentType = default;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    public async Task GetAsync(HttpContext context)
    {
        if (!Accepts(context.Request, EventStream))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable, JsonRpcErrorResponse.ServerError,
                "Not Acceptable: the Accept header must list text/event-stream.");
            return;
        }

        if (await FindSessionAsync(context) is not { } session)
        {
            return;
        }

        if (!session.TryStartGet())
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.ServerError,
                "Bad Request: this session already has a GET stream.");
            return;
        }

        PrepareEventStream(context, session.Id);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away or the app is stopping: the stream simply ends.
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (await FindSessionAsync(context) is { } session && _sessions.TryRemove(session.Id, out _))
        {
            await EndSessionAsync(session);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            if (_sessions.TryRemove(id, out var session))
            {
                await EndSessionAsync(session);
            }
        }
    }

    private async Task<HttpSession?> StartSessionAsync(HttpContext context, JsonRpcMessage message)
    {
        if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.ServerError,
                "Bad Request: a request other than initialize needs an Mcp-Session-Id header.");
            return null;
        }

        var id = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = McpServer.Create(transport, options, loggerFactory, services);
        var session = new HttpSession(id, transport, server, server.RunAsync(lifetime.ApplicationStopping));
        _sessions[id] = session;
        registry.Add(server);
        Log.SessionStarted(logger, id);
        return session;
    }

    private async Task<HttpSession?> FindSessionAsync(HttpContext context)
    {
        var id = context.Request.Headers[SessionIdHeader].ToString();
        if (string.IsNullOrEmpty(id))
        {
            await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, JsonRpcErrorResponse.ServerError,
                "Bad Request: the Mcp-Session-Id header is required.");
            return null;
        }

        if (_sessions.TryGetValue(id, out var session))
        {
            return session;
        }

        await JsonRpcErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound, JsonRpcErrorResponse.SessionNotFound,
            "Session not found.");
        return null;
    }

    private async Task EndSessionAsync(HttpSession session)
    {
        registry.Remove(session.Server);
        await session.DisposeAsync();
        Log.SessionEnded(logger, session.Id);
    }

    private static async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, MessageTypeInfo, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Accepts(HttpRequest request, string mediaType) =>
        request.GetTypedHeaders().Accept.Any(value =>
            string.Equals(value.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase));

    private static void PrepareEventStream(HttpContext context, string sessionId)
    {
        context.Response.Headers[SessionIdHeader] = sessionId;
        context.Response.Headers.ContentType = EventStream;
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
