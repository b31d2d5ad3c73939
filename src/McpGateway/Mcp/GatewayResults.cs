using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// The two shapes in which the gateway speaks for itself in a <c>tools/call</c> result: an upstream's result with the
/// gateway's facts in <c>_meta["mcpgw/execution"]</c>, and an <c>isError</c> result whose <c>structuredContent.gateway</c>
/// carries them (DESIGN.md, "Mapping").
/// </summary>
internal static class GatewayResults
{
    /// <summary><paramref name="result"/> as it is, with <paramref name="gateway"/> (execution id, status, ...) in its <c>_meta</c>.</summary>
    public static CallToolResult WithExecution(CallToolResult result, JsonObject gateway)
    {
        var meta = result.Meta is null ? [] : (JsonObject)result.Meta.DeepClone();
        meta["mcpgw/execution"] = gateway;
        return new CallToolResult
        {
            Content = result.Content,
            StructuredContent = result.StructuredContent,
            IsError = result.IsError,
            ResultType = result.ResultType,
            Meta = meta,
        };
    }

    /// <summary>An <c>isError</c> result: <paramref name="message"/> for the model, <paramref name="gateway"/> for a program.</summary>
    public static CallToolResult Refusal(string message, JsonObject gateway) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
        StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["gateway"] = gateway }, McpJsonUtilities.DefaultOptions),
    };
}
