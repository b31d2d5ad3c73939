using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Admin;

/// <summary>Reads a JSON object body; a malformed or non-object body is a 400 ProblemDetails.</summary>
internal static class RestBody
{
    public static async ValueTask<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpRequest request, bool optional = false)
    {
        try
        {
            if (request.ContentLength is 0 || (!request.HasJsonContentType() && request.ContentLength is null && optional))
            {
                return optional ? ([], null) : (null, Problems.Create(400, "Bad Request", "A JSON object body is required."));
            }

            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject o ? (o, null) : (null, Problems.Create(400, "Bad Request", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.Create(400, "Bad Request", "The body is not valid JSON: " + ex.Message));
        }
    }
}
