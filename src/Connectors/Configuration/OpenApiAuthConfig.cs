namespace McpGateway.Connectors.Configuration;

/// <summary>
/// How an <c>openapi</c> connector authenticates (<c>auth:</c>). Values are normally <c>${secret:…}</c> references,
/// resolved at connect time and redacted wherever they would appear.
/// </summary>
public sealed record OpenApiAuthConfig
{
    /// <summary>bearer, basic or api_key.</summary>
    public required string Type { get; init; }

    /// <summary>bearer: the token sent as <c>Authorization: Bearer …</c>.</summary>
    public string? Token { get; init; }

    /// <summary>basic: the user name.</summary>
    public string? Username { get; init; }

    /// <summary>basic: the password.</summary>
    public string? Password { get; init; }

    /// <summary>api_key: where the key goes, header (the default) or query.</summary>
    public string? In { get; init; }

    /// <summary>api_key: the header or query parameter's name.</summary>
    public string? Name { get; init; }

    /// <summary>api_key: the key.</summary>
    public string? Value { get; init; }

    /// <summary>Every value that may hold a reference.</summary>
    public IEnumerable<string> Values() => new[] { Token, Username, Password, Value }.OfType<string>();
}
