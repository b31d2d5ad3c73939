using System.Net;
using McpGateway.Policy.Callers;
using Yarp.ReverseProxy.Forwarder;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Hands a request for a 2025-11-25 session that another replica holds to that replica (YARP's <see cref="IHttpForwarder"/>,
/// streamed both ways: a POST's event stream, a GET stream, an answer to the holder's elicitation or sampling request).
/// Says when the holder is gone instead (its address refuses connections, or the process there no longer holds the
/// session): the request never ran there, so the caller may take the session over and answer it itself.
/// </summary>
internal sealed partial class SessionForwarder(IHttpForwarder forwarder, ILogger<SessionForwarder> logger) : IDisposable
{
    /// <summary>Names the instance a forwarded request is meant for; a replica never forwards such a request again.</summary>
    public const string ForwardedToHeader = "Mcpgw-Session-Holder";

    /// <summary>On a 421, says the replica that answered does not hold the session (so the sender may take it over).</summary>
    public const string NotHeldHeader = "Mcpgw-Session-Not-Held";

    private static readonly object s_disowned = new();

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        EnableMultipleHttp2Connections = true,
    });

    // An open GET stream or a long call may stay silent for long: only the session's idle timeout ends it, not the forwarder.
    private static readonly ForwarderRequestConfig s_config = new() { ActivityTimeout = TimeSpan.FromDays(1) };

    /// <summary>True when the holder answered (whatever it answered); false when it is gone and nothing was written.</summary>
    public async Task<bool> ForwardAsync(HttpContext context, StoredSession session)
    {
        if (context.Request.Body.CanSeek)
        {
            context.Request.Body.Position = 0;
        }

        var error = await forwarder.SendAsync(context, session.HolderAddress, _client, s_config, new Transformer(session.HolderInstance));
        if (context.Items.ContainsKey(s_disowned))
        {
            context.Response.Clear();
            Log.NotHeld(logger, session.HolderInstance, session.HolderAddress);
            return false;
        }

        if (error == ForwarderError.None || context.Response.HasStarted)
        {
            return true;
        }

        if (context.GetForwarderErrorFeature()?.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            context.Response.Clear();
            Log.HolderGone(logger, session.HolderInstance, session.HolderAddress);
            return false;
        }

        // The holder got the request and failed before answering (it died mid-request): the request may have run
        // there, so it is not run again here.
        context.Response.Clear();
        await JsonRpcErrors.WriteAsync(context, StatusCodes.Status502BadGateway, -32603,
            "The gateway replica holding this session failed while answering; the request may or may not have run there.");
        return true;
    }

    public void Dispose() => _client.Dispose();

    private sealed class Transformer(string holder) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

            // The holder checks the same Host the client sent, so its Host rule decides as this replica's did.
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            proxyRequest.Headers.Remove(ForwardedToHeader);
            proxyRequest.Headers.TryAddWithoutValidation(ForwardedToHeader, holder);
        }

        public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (proxyResponse is { StatusCode: HttpStatusCode.MisdirectedRequest } && proxyResponse.Headers.Contains(NotHeldHeader))
            {
                httpContext.Items[s_disowned] = true;
                return ValueTask.FromResult(false);
            }

            return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The replica {Instance} at {Address} holding a session is gone; taking the session over")]
        public static partial void HolderGone(ILogger logger, string instance, string address);

        [LoggerMessage(2, LogLevel.Information, "The process at {Address} is no longer {Instance} and does not hold the session; taking the session over")]
        public static partial void NotHeld(ILogger logger, string instance, string address);
    }
}
