using System.Security.Cryptography;

namespace McpGateway.Dashboard;

/// <summary>One embedded dashboard file, read once, served with its validator and the dashboard's security headers.</summary>
internal sealed class DashboardAsset
{
    // Only the gateway's own origin: the page's scripts and styles are separate files, so no inline code is allowed,
    // and the API calls go to the same origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly byte[] _content;
    private readonly string _contentType;
    private readonly string _etag;

    private DashboardAsset(byte[] content, string contentType)
    {
        _content = content;
        _contentType = contentType;
        _etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content)[..8]) + "\"";
    }

    /// <summary>Reads <c>Dashboard/<paramref name="fileName"/></c> from the assembly's resources.</summary>
    public static DashboardAsset Load(string fileName)
    {
        var contentType = Path.GetExtension(fileName) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => throw new ArgumentException($"No content type for the dashboard file '{fileName}'.", nameof(fileName)),
        };
        var name = "McpGateway.Dashboard." + fileName;
        using var stream = typeof(DashboardAsset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard resource '{name}' is not embedded in the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new DashboardAsset(buffer.ToArray(), contentType);
    }

    public Task WriteAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time, so an upgraded gateway never runs an old script against a new API.
        headers.CacheControl = "no-cache";
        headers.ETag = _etag;
        if (http.Request.Headers.IfNoneMatch.Contains(_etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        http.Response.ContentType = _contentType;
        http.Response.ContentLength = _content.Length;
        return http.Response.Body.WriteAsync(_content, http.RequestAborted).AsTask();
    }
}
