using McpGateway.Connectors.Configuration;

namespace McpGateway.Requests;

/// <summary>
/// DNS-rebinding and cross-site protection: a browser page on another site that resolves its own name to 127.0.0.1 must
/// not reach the gateway. A request's Origin (when present) must be a loopback origin or one listed in
/// <c>gateway.allowed_origins</c>; while the gateway listens on loopback, its Host must be a loopback name too.
/// <see cref="RequestGuard"/> applies these rules to every route.
/// </summary>
internal sealed class OriginGuard(GatewayConfig config)
{
    private readonly bool _loopbackOnly = IsLoopbackListen(config.Server.Listen);
    private readonly HashSet<string> _allowed = new(config.Server.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the Origin is allowed; otherwise the reason for a 403.</summary>
    public string? CheckOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !_allowed.Contains(origin.TrimEnd('/')) &&
            !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && IsLoopbackHost(o.Host)))
        {
            return $"Forbidden: origin '{origin}' is not allowed (DNS-rebinding protection); add it to gateway.allowed_origins if it is yours.";
        }

        return null;
    }

    /// <summary>Null when the Host is allowed (any Host unless the gateway listens on loopback only); otherwise the reason for a 403.</summary>
    public string? CheckHost(HttpRequest request) =>
        _loopbackOnly && !IsLoopbackHost(request.Host.Host)
            ? $"Forbidden: host '{request.Host.Host}' is not a loopback name (DNS-rebinding protection)."
            : null;

    /// <summary>True when every address of a listen setting (several are separated by <c>;</c>) is on loopback.</summary>
    public static bool IsLoopbackListen(string listen)
    {
        var urls = listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return urls.Length > 0 && urls.All(url => Uri.TryCreate(url, UriKind.Absolute, out var u) && IsLoopbackHost(u.Host));
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]" or "::1" ||
        (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
