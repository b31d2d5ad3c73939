using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.Journal;

/// <summary>
/// What the journal keeps of a tool's answer: the result as the caller got it, with secret-looking keys and known secret
/// values redacted as the arguments are (<see cref="ArgumentRedactor"/>), up to <see cref="MaxBytes"/>. A larger answer
/// is kept as its size and the start of its text, so a trace export carries what the tool said without the journal
/// growing by whatever an upstream returns.
/// </summary>
internal static class JournalOutput
{
    /// <summary>The largest answer kept whole, in UTF-8 bytes of its redacted JSON.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>How much of a larger answer's text is kept.</summary>
    public const int PreviewChars = 1024;

    public static string? From(CallToolResult? result, ArgumentRedactor redactor)
    {
        if (result is null)
        {
            return null;
        }

        var whole = Redacted(JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions), redactor);
        if (whole.WrittenCount <= MaxBytes)
        {
            return Encoding.UTF8.GetString(whole.WrittenSpan);
        }

        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        var cut = new JsonObject
        {
            ["truncated"] = true,
            ["bytes"] = whole.WrittenCount,
            ["text"] = text.Length <= PreviewChars ? text : text[..PreviewChars],
        };
        return Encoding.UTF8.GetString(Redacted(cut, redactor).WrittenSpan);
    }

    private static ArrayBufferWriter<byte> Redacted(JsonNode? node, ArgumentRedactor redactor)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer);
        redactor.WriteRedacted(writer, node);
        writer.Flush();
        return buffer;
    }
}
