namespace McpGateway.Connectors.Connections;

/// <summary>The kinds of connection and the fields each one's value holds.</summary>
public static class ConnectionTypes
{
    /// <summary>One secret string: <c>{secret}</c>; referenced as <c>${secret:name}</c>.</summary>
    public const string SecretText = "SECRET_TEXT";

    /// <summary><c>{username, password}</c>.</summary>
    public const string BasicAuth = "BASIC_AUTH";

    /// <summary>Any string properties.</summary>
    public const string CustomAuth = "CUSTOM_AUTH";

    /// <summary>
    /// <c>{access_token, refresh_token?, token_type?, expires_at?, client_id?, client_secret?, scope?, token_url?}</c>; with a
    /// refresh token, a token URL and an expiry, the access token is refreshed before it expires.
    /// </summary>
    public const string OAuth2 = "OAUTH2";

    /// <summary>Every type, as written on the wire.</summary>
    public static readonly IReadOnlyList<string> All = [SecretText, BasicAuth, CustomAuth, OAuth2];

    /// <summary>The fields a type requires (CUSTOM_AUTH: none in particular, but at least one).</summary>
    public static IReadOnlyList<string> Required(string type) => type switch
    {
        SecretText => ["secret"],
        BasicAuth => ["username", "password"],
        OAuth2 => ["access_token"],
        _ => [],
    };

    /// <summary>The fields a type allows; null means any (CUSTOM_AUTH).</summary>
    public static IReadOnlyList<string>? Allowed(string type) => type switch
    {
        SecretText => ["secret"],
        BasicAuth => ["username", "password"],
        OAuth2 => ["access_token", "refresh_token", "token_type", "expires_at", "client_id", "client_secret", "scope", "token_url"],
        _ => null,
    };
}
