using McpGateway.Policy.Callers;

namespace McpGateway.Auth;

/// <summary>The result of authenticating a request: the key (null when auth is off), or the status and message to refuse with.</summary>
/// <param name="Key">The key, when one authenticated.</param>
/// <param name="Status">0 when accepted; else 401.</param>
/// <param name="Problem">Why it was refused.</param>
internal sealed record RequestAuth(ApiKey? Key, int Status, string? Problem)
{
    public bool Ok => Status == 0;

    public static async ValueTask<RequestAuth> ForAsync(HttpRequest request, ApiKeyAuthenticator auth, CancellationToken ct)
    {
        var secret = ApiKeyAuthenticator.SecretFrom(request);
        if (secret is null)
        {
            return auth.Required
                ? new RequestAuth(null, StatusCodes.Status401Unauthorized, "An API key is required: send Authorization: Bearer <key> or X-API-Key.")
                : new RequestAuth(null, 0, null);
        }

        var key = await auth.AuthenticateAsync(secret, ct);
        if (key is null)
        {
            return auth.Required
                ? new RequestAuth(null, StatusCodes.Status401Unauthorized, "The API key is not valid (unknown or revoked).")
                : new RequestAuth(null, 0, null);
        }

        return new RequestAuth(key, 0, null);
    }
}
