using System.Text.Json;
using McpGateway.Requests;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>Reads one JSON-RPC message from a POST body, answering 413/400 itself for oversized, non-UTF-8 or malformed bodies.</summary>
internal static class JsonRpcBodyReader
{
    public static async Task<JsonRpcMessage?> ReadAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<Connectors.Configuration.GatewayConfig>().Server.MaxRequestBodyBytes;
        var (body, status, problem) = await RequestBody.ReadJsonAsync(context.Request, limit);
        if (problem is not null)
        {
            var tooLarge = status == StatusCodes.Status413PayloadTooLarge;
            await JsonRpcErrors.WriteAsync(context, status, tooLarge ? -32600 : -32700,
                tooLarge ? problem : $"Parse error: {char.ToLowerInvariant(problem[0])}{problem[1..]}");
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize<JsonRpcMessage>(body.Span, McpJsonUtilities.DefaultOptions);
            if (message is null)
            {
                await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, -32600, "Invalid Request: the body must be one JSON-RPC message.");
            }

            return message;
        }
        catch (JsonException ex)
        {
            var what = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, -32700,
                $"Parse error: the body is not a valid JSON-RPC 2.0 message{what} ({ex.Message.Split('.')[0]}).");
            return null;
        }
    }
}
