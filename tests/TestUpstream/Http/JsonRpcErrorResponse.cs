using System.Text.Json.Nodes;

namespace TestUpstream.Http;

/// <summary>Writes an HTTP error whose body is a JSON-RPC error with a null id.</summary>
internal static class JsonRpcErrorResponse
{
    public const int ParseError = -32700;
    public const int ServerError = -32000;
    public const int SessionNotFound = -32001;

    public static Task WriteAsync(HttpContext context, int statusCode, int code, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
