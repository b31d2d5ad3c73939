using McpGateway.Auth;
using McpGateway.Connectors.Upstreams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// The Streamable HTTP endpoint (MCP 2025-06-18 and later) over the SDK's <c>StreamableHttpServerTransport</c>:
/// <c>/mcp</c> for every tool, <c>/c/{connector}/mcp</c> for one connector under its own names, and
/// <c>/s/{server}/mcp</c> for a registered MCP server (its token, its tool globs; otherwise the aggregated surface).
/// Origin, Host and Content-Type are checked for every route by <see cref="Requests.RequestGuard"/> before these run.
/// </summary>
internal static class StreamableHttpEndpoints
{
    private const string SessionHeader = "Mcp-Session-Id";

    public static void MapStreamableHttp(this IEndpointRouteBuilder app)
    {
        foreach (var pattern in new[] { "/mcp", "/c/{connector}/mcp", "/s/{server}/mcp" })
        {
            app.MapPost(pattern, PostAsync);
            app.MapGet(pattern, GetAsync);
            app.MapDelete(pattern, DeleteAsync);
        }
    }

    private static async Task PostAsync(
        HttpContext context, HttpSessionManager sessions, SessionForwarder forwarder, UpstreamHub hub, ApiKeyAuthenticator authenticator,
        IHostApplicationLifetime lifetime, string? connector = null)
    {
        var auth = await AuthenticateAsync(context, authenticator);
        if (!auth.Ok)
        {
            await RefuseAsync(context, auth);
            return;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        if (!Accepts(accept, "application/json") || !Accepts(accept, "text/event-stream"))
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, -32000,
                "Not Acceptable: the client must accept both application/json and text/event-stream.");
            return;
        }

        if (connector is not null && !hub.TryGet(connector, out _))
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status404NotFound, -32000, $"Unknown connector '{connector}'.");
            return;
        }

        if (context.Request.Headers.ContainsKey(SessionHeader))
        {
            // Kept so that the body can go on to the replica holding the session.
            context.Request.EnableBuffering();
        }

        var message = await JsonRpcBodyReader.ReadAsync(context);
        if (message is null)
        {
            return;
        }

        var version = context.Request.Headers[StatelessRequests.VersionHeader].ToString();
        if (StatelessRequests.Applies(version, message))
        {
            await sessions.HandleStatelessAsync(context, message, version, connector, auth.Key);
            return;
        }

        if (message is JsonRpcRequest request && SessionParamsCheck.Check(request) is { } invalid)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams, invalid, request.Id);
            return;
        }

        HttpMcpSession session;
        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, -32000,
                    "Bad Request: no Mcp-Session-Id header; the first request of a session must be initialize.");
                return;
            }

            session = await sessions.CreateAsync(context.Request.Path, connector, auth.Key, lifetime.ApplicationStopping);
        }
        else if (await FindAsync(context, sessions, forwarder, sessionId, connector, auth.Key, lifetime) is { } found)
        {
            session = found;
        }
        else
        {
            return;
        }

        using var lease = session.Acquire();
        context.Response.Headers[SessionHeader] = session.Id;
        PrepareEventStream(context);
        bool wrote;
        try
        {
            wrote = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the session was closed under the request (idle, cap, shutdown).
            return;
        }

        if (!wrote)
        {
            context.Response.Headers.ContentType = (string?)null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static async Task GetAsync(
        HttpContext context, HttpSessionManager sessions, SessionForwarder forwarder, ApiKeyAuthenticator authenticator, IHostApplicationLifetime lifetime,
        string? connector = null)
    {
        if (await RefusedWithoutSessionsAsync(context))
        {
            return;
        }

        if (!Accepts(context.Request.GetTypedHeaders().Accept, "text/event-stream"))
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, -32000, "Not Acceptable: the client must accept text/event-stream.");
            return;
        }

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, -32000, "Bad Request: a GET stream needs the Mcp-Session-Id header.");
            return;
        }

        var auth = await AuthenticateAsync(context, authenticator);
        if (!auth.Ok)
        {
            await RefuseAsync(context, auth);
            return;
        }

        if (await FindAsync(context, sessions, forwarder, sessionId, connector, auth.Key, lifetime) is not { } session)
        {
            return;
        }

        if (!session.TryOpenGetStream())
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status409Conflict, -32000, "Conflict: this session already has a GET stream open.");
            return;
        }

        try
        {
            context.Response.Headers[SessionHeader] = session.Id;
            PrepareEventStream(context);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            session.CloseGetStream();
        }
    }

    private static async Task DeleteAsync(
        HttpContext context, HttpSessionManager sessions, SessionForwarder forwarder, ApiKeyAuthenticator authenticator, IHostApplicationLifetime lifetime,
        string? connector = null)
    {
        if (await RefusedWithoutSessionsAsync(context))
        {
            return;
        }

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found.");
            return;
        }

        var auth = await AuthenticateAsync(context, authenticator);
        if (!auth.Ok)
        {
            await RefuseAsync(context, auth);
            return;
        }

        if (await FindAsync(context, sessions, forwarder, sessionId, connector, auth.Key, lifetime) is null)
        {
            return;
        }

        await sessions.CloseAsync(sessionId, "closed by the client");
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>A GET stream or a DELETE belongs to a session: a client of the stateless revision gets 405 (POST only).</summary>
    private static async Task<bool> RefusedWithoutSessionsAsync(HttpContext context)
    {
        var version = context.Request.Headers[StatelessRequests.VersionHeader].ToString();
        if (!StatelessRequests.NamesStatelessRevision(version))
        {
            return false;
        }

        context.Response.Headers.Allow = "POST";
        await JsonRpcErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, -32000,
            $"Method Not Allowed: protocol version {version} has no sessions; send each request as a POST.");
        return true;
    }

    /// <summary>
    /// The session a request names, held here or taken over from a replica that is gone; null when the answer is written
    /// already: 404 for a session no replica knows (or one opened on another endpoint), 403 for another key's, the holder's
    /// own answer when another replica holds it, or 421 for a request forwarded here for a session this process does not
    /// hold (the sender then takes it over). Only the key that opened a session may use it, on every replica.
    /// </summary>
    private static async Task<HttpMcpSession?> FindAsync(
        HttpContext context, HttpSessionManager sessions, SessionForwarder forwarder, string sessionId, string? connector, Policy.Callers.ApiKey? key,
        IHostApplicationLifetime lifetime)
    {
        var forwarded = context.Request.Headers.ContainsKey(SessionForwarder.ForwardedToHeader);

        // One more round when another replica took the session over just before this one: the request goes to it.
        for (var round = 0; round < 2; round++)
        {
            var route = await sessions.RouteAsync(sessionId, context.Request.Path, forwarded, context.RequestAborted);
            switch (route.Kind)
            {
                case SessionRouteKind.Local when route.Local!.ConnectorScope != connector:
                case SessionRouteKind.NotFound:
                    await JsonRpcErrors.WriteAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found; start a new session with initialize.");
                    return null;
                case SessionRouteKind.Local when route.Local!.Key?.Id != key?.Id:
                case SessionRouteKind.Elsewhere when route.Stored!.KeyId != key?.Id:
                    await JsonRpcErrors.WriteAsync(context, StatusCodes.Status403Forbidden, -32001, "This session belongs to another API key.");
                    return null;
                case SessionRouteKind.Local:
                    return route.Local;
                case SessionRouteKind.NotHeld:
                    context.Response.Headers[SessionForwarder.NotHeldHeader] = "1";
                    await JsonRpcErrors.WriteAsync(context, StatusCodes.Status421MisdirectedRequest, -32001, "This gateway process does not hold the session.");
                    return null;
            }

            if (await forwarder.ForwardAsync(context, route.Stored!))
            {
                return null;
            }

            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }

            if (await sessions.TakeOverAsync(sessionId, route.Stored!, connector, key, lifetime.ApplicationStopping) is { } taken)
            {
                return taken;
            }
        }

        await JsonRpcErrors.WriteAsync(context, StatusCodes.Status409Conflict, -32001, "The session is moving between gateway replicas; retry the request.");
        return null;
    }

    /// <summary>A registered server's token on <c>/s/{server}/mcp</c> (checked against the store every time); an API key elsewhere.</summary>
    private static ValueTask<RequestAuth> AuthenticateAsync(HttpContext context, ApiKeyAuthenticator authenticator) =>
        context.GetRouteValue("server") is string server
            ? context.RequestServices.GetRequiredService<McpServerAuthenticator>().ForAsync(context.Request, server, context.RequestAborted)
            : RequestAuth.ForAsync(context.Request, authenticator, context.RequestAborted);

    private static Task RefuseAsync(HttpContext context, RequestAuth auth)
    {
        if (auth.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return JsonRpcErrors.WriteAsync(context, auth.Status, auth.Status == StatusCodes.Status404NotFound ? -32000 : -32001, auth.Problem!);
    }

    private static bool Accepts(IList<MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal));

    /// <summary>Answers as an unbuffered event stream (session and stateless requests alike).</summary>
    internal static void PrepareEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
