using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>Writes transport-level failures as a JSON-RPC error body with the matching HTTP status.</summary>
internal static class JsonRpcErrors
{
    public static async Task WriteAsync(HttpContext context, int status, int code, string message, RequestId id = default, object? data = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data } };
        await JsonSerializer.SerializeAsync(context.Response.Body, (JsonRpcMessage)error, McpJsonUtilities.DefaultOptions, context.RequestAborted);
    }
}
