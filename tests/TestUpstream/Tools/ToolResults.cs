using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace TestUpstream.Tools;

/// <summary>Builds the <see cref="CallToolResult"/> shapes the tools return.</summary>
internal static class ToolResults
{
    public static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    public static CallToolResult Error(string message) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    public static CallToolResult Structured(string text, JsonElement structured) =>
        new() { Content = [new TextContentBlock { Text = text }], StructuredContent = structured };
}
