using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>Reads one JSON-RPC message from a POST body, answering 413/400 itself for oversized or malformed bodies.</summary>
internal static class JsonRpcBodyReader
{
    public static async Task<JsonRpcMessage?> ReadAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<Connectors.Configuration.GatewayConfig>().Server.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, -32600, $"Request body too large: the limit is {limit} bytes.");
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            var message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(context.Request.Body, McpJsonUtilities.DefaultOptions, context.RequestAborted);
            if (message is null)
            {
                await JsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, -32600, "Invalid Request: the body must be one JSON-RPC message.");
            }

            return message;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, -32600, $"Request body too large: the limit is {limit} bytes.");
            return null;
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
