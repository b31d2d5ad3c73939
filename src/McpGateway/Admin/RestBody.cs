using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Requests;

namespace McpGateway.Admin;

/// <summary>Reads a JSON object body (see <see cref="RequestBody"/>); an oversized body is a 413, a non-UTF-8, malformed or non-object one a 400 ProblemDetails.</summary>
internal static class RestBody
{
    public static async ValueTask<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpRequest request, bool optional = false)
    {
        if (request.ContentLength is 0 || (!request.HasJsonContentType() && request.ContentLength is null && optional))
        {
            return optional ? ([], null) : (null, Problems.Create(400, "Bad Request", "A JSON object body is required."));
        }

        var limit = request.HttpContext.RequestServices.GetRequiredService<GatewayConfig>().Server.MaxRequestBodyBytes;
        var (body, status, problem) = await RequestBody.ReadJsonAsync(request, limit);
        if (problem is not null)
        {
            return (null, Problems.Create(status, status == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request", problem));
        }

        try
        {
            var node = JsonNode.Parse(body.Span);
            return node is JsonObject o ? (o, null) : (null, Problems.Create(400, "Bad Request", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.Create(400, "Bad Request", "The body is not valid JSON: " + ex.Message));
        }
    }
}
