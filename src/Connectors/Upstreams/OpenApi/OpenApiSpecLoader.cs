using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>Reads an OpenAPI 3.x document (JSON or YAML) from a file or an http(s) URL, with a size limit.</summary>
internal static class OpenApiSpecLoader
{
    /// <summary>Documents larger than this are refused: a spec is read whole into memory.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>True when the spec names a URL rather than a file.</summary>
    public static bool IsUrl(string spec) =>
        spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file path made absolute against the configuration file's folder.</summary>
    public static string FullPath(string spec, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, spec));

    /// <summary>Reads and parses the spec; throws <see cref="OpenApiSpecException"/> saying what is wrong.</summary>
    public static async Task<OpenApiDocument> LoadAsync(string spec, string baseDirectory, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            if (IsUrl(spec))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var response = await http.GetAsync(spec, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new OpenApiSpecException($"fetching {spec} answered HTTP {(int)response.StatusCode}");
                }

                bytes = await ReadLimitedAsync(await response.Content.ReadAsStreamAsync(ct), ct);
            }
            else
            {
                await using var file = File.OpenRead(FullPath(spec, baseDirectory));
                bytes = await ReadLimitedAsync(file, ct);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            throw new OpenApiSpecException($"cannot read the spec: {ex.Message}");
        }

        return Parse(bytes);
    }

    /// <summary>Reads a file synchronously (configuration checks run synchronously); see <see cref="LoadAsync"/>.</summary>
    public static OpenApiDocument LoadFile(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Parse(ReadLimitedAsync(file, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpenApiSpecException($"cannot read the spec: {ex.Message}");
        }
    }

    private static OpenApiDocument Parse(byte[] bytes)
    {
        var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
        settings.AddYamlReader();
        ReadResult result;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            result = OpenApiDocument.Load(stream, Format(bytes), settings);
        }
        catch (Exception ex) when (ex is OpenApiException or FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new OpenApiSpecException($"not an OpenAPI document: {ex.Message}");
        }

        if (result.Diagnostic?.Errors is { Count: > 0 } errors)
        {
            var shown = errors.Take(5).Select(e => string.IsNullOrEmpty(e.Pointer) ? e.Message : $"{e.Pointer}: {e.Message}");
            throw new OpenApiSpecException($"the spec has {errors.Count} error(s): {string.Join("; ", shown)}");
        }

        if (result.Document is not { } document || result.Diagnostic?.SpecificationVersion is OpenApiSpecVersion.OpenApi2_0)
        {
            throw new OpenApiSpecException("expected an OpenAPI 3.x document (openapi: 3.0.x or 3.1.x)");
        }

        return document;
    }

    // JSON starts with '{' after whitespace; anything else is read as YAML (a superset of JSON).
    private static string Format(byte[] bytes) =>
        bytes.SkipWhile(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF).FirstOrDefault() == (byte)'{' ? "json" : "yaml";

    private static async ValueTask<byte[]> ReadLimitedAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new OpenApiSpecException($"the spec is larger than {MaxBytes / (1024 * 1024)} MB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
