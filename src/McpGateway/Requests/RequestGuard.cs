using McpGateway.Admin;
using McpGateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Requests;

/// <summary>
/// The rules every route shares (MCP, REST, dashboard, webhooks and unknown paths), applied once, before any handler:
/// <list type="bullet">
/// <item>Origin and Host against cross-site requests and DNS rebinding (<see cref="OriginGuard"/>): 403.</item>
/// <item>A request body must be JSON (<c>application/json</c> or <c>+json</c>): 415. A page's "simple" cross-site POST
/// (text/plain, a form) is one a browser sends without asking the server first; a JSON one it must ask about, and the
/// gateway never says yes, so this holds even where a browser sends no Origin.</item>
/// </list>
/// Webhooks (<c>/hooks/...</c>) are called by other servers, often through a tunnel or proxy that passes on the public
/// Host, so the loopback-Host rule does not apply to them: the flow's webhook secret authenticates each call, and a page
/// that rebinds a name to the gateway still cannot sign a body. The Origin rule does (a server sends no Origin; a browser does).
/// </summary>
internal sealed class RequestGuard(RequestDelegate next, OriginGuard guard)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var forbidden = guard.CheckOrigin(request) ?? (IsWebhook(request.Path) ? null : guard.CheckHost(request));
        if (forbidden is not null)
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, "Forbidden", forbidden);
        }

        if (HasBody(context) && !request.HasJsonContentType())
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "Unsupported Media Type: the body must be JSON, sent with Content-Type: application/json.");
        }

        return next(context);
    }

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength > 0 ||
        (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    private static bool IsWebhook(PathString path) => path.StartsWithSegments("/hooks", StringComparison.Ordinal);

    private static bool IsMcp(PathString path) =>
        path.Equals("/mcp", StringComparison.Ordinal) ||
        ((path.StartsWithSegments("/c", StringComparison.Ordinal) || path.StartsWithSegments("/s", StringComparison.Ordinal)) &&
         path.Value!.EndsWith("/mcp", StringComparison.Ordinal));

    /// <summary>MCP clients get a JSON-RPC error body, everyone else ProblemDetails.</summary>
    private static Task RefuseAsync(HttpContext context, int status, string title, string detail) =>
        IsMcp(context.Request.Path)
            ? JsonRpcErrors.WriteAsync(context, status, -32000, detail)
            : Problems.Create(status, title, detail).ExecuteAsync(context);
}
