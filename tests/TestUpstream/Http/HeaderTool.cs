using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Tools;

namespace TestUpstream.Http;

/// <summary>
/// <c>request_header</c> (HTTP mode only): the value of a header of the HTTP request that carried the call, so a test sees
/// what a gateway's <c>mcp-http</c> connector sends (a token from a connection, say). Served for stateless requests, where
/// the call runs inside its HTTP request.
/// </summary>
internal static class HeaderTool
{
    public static McpServerTool Create() => McpServerTool.Create(RequestHeader, new()
    {
        Name = "request_header",
        Description = "Returns the value of a header of the HTTP request that carried this call.",
        ReadOnly = true,
        Idempotent = true,
    });

    private static CallToolResult RequestHeader(RequestContext<CallToolRequestParams> context, [Description("The header's name, e.g. Authorization.")] string name)
    {
        var http = context.Services?.GetService<IHttpContextAccessor>()?.HttpContext;
        if (http is null)
        {
            return ToolResults.Error("this call did not arrive in an HTTP request this tool can read");
        }

        return http.Request.Headers.TryGetValue(name, out var value) ? ToolResults.Text(value.ToString()) : ToolResults.Error($"no header '{name}'");
    }
}
