using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The suite's content tools: <c>test_simple_text</c>, <c>test_image_content</c>, <c>test_audio_content</c>,
/// <c>test_embedded_resource</c>, <c>test_multiple_content_types</c>, <c>test_error_handling</c>,
/// <c>test_tool_with_progress</c>, <c>test_tool_with_logging</c>, <c>test_reconnection</c> and
/// <c>json_schema_2020_12_tool</c>.
/// </summary>
internal static class ContentTools
{
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(50);

    public static IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(
            () => "This is a simple text response for testing.",
            new() { Name = "test_simple_text", Description = "Returns one text content item.", ReadOnly = true });
        yield return McpServerTool.Create(
            () => new CallToolResult { Content = [ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png")] },
            new() { Name = "test_image_content", Description = "Returns one image content item (PNG).", ReadOnly = true });
        yield return McpServerTool.Create(
            () => new CallToolResult { Content = [AudioContentBlock.FromBytes(ConformanceMedia.Wav, "audio/wav")] },
            new() { Name = "test_audio_content", Description = "Returns one audio content item (WAV).", ReadOnly = true });
        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                Content = [Embedded("test://embedded-resource", "text/plain", "This is an embedded resource content.")],
            },
            new() { Name = "test_embedded_resource", Description = "Returns one embedded resource content item.", ReadOnly = true });
        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                Content =
                [
                    new TextContentBlock { Text = "Multiple content types test:" },
                    ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png"),
                    Embedded("test://mixed-content-resource", "application/json", """{"test":"data","value":123}"""),
                ],
            },
            new() { Name = "test_multiple_content_types", Description = "Returns text, image and embedded resource content.", ReadOnly = true });
        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
            },
            new() { Name = "test_error_handling", Description = "Always returns a tool error (isError: true).", ReadOnly = true });
        yield return McpServerTool.Create(ProgressAsync, new()
        {
            Name = "test_tool_with_progress",
            Description = "Sends progress 0, 50 and 100 of 100 for the request's progress token.",
            ReadOnly = true,
        });
        yield return McpServerTool.Create(LoggingAsync, new()
        {
            Name = "test_tool_with_logging", Description = "Sends three info log notifications while it runs.", ReadOnly = true,
        });
        yield return McpServerTool.Create(
            () => "Reconnection test completed successfully.",
            new() { Name = "test_reconnection", Description = "Answers after a short wait (SSE resumption test).", ReadOnly = true });

        var schemaTool = McpServerTool.Create(
            () => "JSON Schema 2020-12 tool executed successfully",
            new() { Name = "json_schema_2020_12_tool", Description = "A tool whose input schema uses JSON Schema 2020-12 keywords.", ReadOnly = true });
        schemaTool.ProtocolTool.InputSchema = JsonElement.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": {
                "address": {
                  "$anchor": "addressDef",
                  "type": "object",
                  "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
                }
              },
              "properties": {
                "name": { "type": "string" },
                "address": { "$ref": "#/$defs/address" },
                "contactMethod": { "type": "string", "enum": ["phone", "email"] },
                "phone": { "type": "string" },
                "email": { "type": "string" }
              },
              "allOf": [{ "anyOf": [{ "required": ["phone"] }, { "required": ["email"] }] }],
              "if": { "properties": { "contactMethod": { "const": "phone" } }, "required": ["contactMethod"] },
              "then": { "required": ["phone"] },
              "else": { "required": ["email"] },
              "additionalProperties": false
            }
            """);
        yield return schemaTool;
    }

    private static EmbeddedResourceBlock Embedded(string uri, string mimeType, string text) =>
        new() { Resource = new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text } };

    private static async Task<string> ProgressAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var token = context.Params?.ProgressToken;
        if (token is not { } progressToken)
        {
            return "No progress token provided";
        }

        foreach (var progress in new[] { 0, 50, 100 })
        {
            if (progress > 0)
            {
                await Task.Delay(StepDelay, cancellationToken);
            }

            // The result follows the last notification at once, as in the suite's reference servers: a relay
            // must keep them in order (ConformanceTests runs this scenario several times for that).
            await context.Server.NotifyProgressAsync(
                progressToken,
                new ProgressNotificationValue { Progress = progress, Total = 100, Message = $"step {progress} of 100" },
                cancellationToken: cancellationToken);
        }

        return $"progress done (token {progressToken})";
    }

    private static async Task<string> LoggingAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        var sent = 0;
        foreach (var message in messages)
        {
            if (await ClientLog.TrySendAsync(context, LoggingLevel.Info, message, cancellationToken))
            {
                sent++;
            }

            await Task.Delay(StepDelay, cancellationToken);
        }

        return $"Tool with logging executed successfully ({sent} log notifications)";
    }
}
