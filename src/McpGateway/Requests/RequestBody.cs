using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Requests;

/// <summary>
/// Reads a JSON request body whole, within the gateway's body limit, and checks it before any handler sees it: UTF-8,
/// well-formed, at most 64 levels deep, and no object with the same property name twice. System.Text.Json decodes a
/// string only when something reads it, and builds a <c>JsonObject</c>'s dictionary only when something looks a
/// property up, so invalid UTF-8 or a repeated name would otherwise fail later, deep inside a handler, as a 500 instead
/// of a 400 that says what is wrong.
/// </summary>
internal static class RequestBody
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The body without a UTF-8 byte order mark; or the status (413, 400) and the sentence to refuse it with.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, int Status, string? Problem)> ReadJsonAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return (default, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        ArraySegment<byte> bytes;
        using (var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 4096, limit)))
        {
            try
            {
                await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            }
            catch (BadHttpRequestException ex)
            {
                return (default, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? TooLarge(limit)
                    : "The request body could not be read: " + ex.Message);
            }

            buffer.TryGetBuffer(out bytes);
        }

        var body = bytes.AsMemory();
        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        if (!Utf8.IsValid(body.Span))
        {
            return (default, StatusCodes.Status400BadRequest, $"The body is not valid UTF-8: the bytes at offset {FirstInvalidByte(body.Span)} are not a UTF-8 character.");
        }

        try
        {
            using var document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException ex)
        {
            return (default, StatusCodes.Status400BadRequest, "The body is not valid JSON: " + ex.Message);
        }

        return (body, 0, null);
    }

    private static string TooLarge(long limit) => $"Request body too large: the limit is {limit} bytes.";

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        Span<char> scratch = stackalloc char[512];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                break;
            }
        }

        return offset;
    }
}
