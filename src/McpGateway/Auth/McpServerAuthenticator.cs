using McpGateway.Policy.Callers;

namespace McpGateway.Auth;

/// <summary>
/// Authenticates requests to a registered MCP server's endpoint (<c>/s/{name}/mcp</c>) with its bearer token. The
/// token is checked against the store on every request, with no cache: a rotated or deleted server's old token fails
/// on the very next request, on every replica that shares the store.
/// </summary>
internal sealed class McpServerAuthenticator(IMcpServerStore store)
{
    /// <summary>The server's key (<see cref="McpServerToken.KeyFor"/>), or 401 (no or wrong token) or 404 (unknown server).</summary>
    public async ValueTask<RequestAuth> ForAsync(HttpRequest request, string server, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!string.IsNullOrEmpty(token) && await store.AuthenticateAsync(server, McpServerToken.Hash(token), ct) is { } record)
        {
            return new RequestAuth(McpServerToken.KeyFor(record), 0, null);
        }

        if (await store.GetAsync(server, ct) is null)
        {
            return new RequestAuth(null, StatusCodes.Status404NotFound, $"Unknown MCP server '{server}'.");
        }

        return new RequestAuth(null, StatusCodes.Status401Unauthorized, string.IsNullOrEmpty(token)
            ? $"MCP server '{server}' needs its token: send Authorization: Bearer <token>."
            : $"The token is not valid for MCP server '{server}' (wrong, or replaced by a rotation).");
    }
}
