using McpGateway.Connectors.Sealing;

namespace McpGateway.Connectors.Connections;

/// <summary>
/// A stored connection: its metadata in clear and its value sealed with <see cref="SecretCipher"/>. Only the field
/// names are kept in clear, so a listing can say what a connection holds without opening it.
/// </summary>
public sealed record ConnectionRecord
{
    /// <summary>Unique slug (<c>[a-z0-9][a-z0-9_-]*</c>, at most 64 characters); the associated data of the seal.</summary>
    public required string Name { get; init; }

    /// <summary>One of <see cref="ConnectionTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>A human label.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The names of the value's fields, sorted.</summary>
    public IReadOnlyList<string> FieldNames { get; init; } = [];

    /// <summary>nonce (12 bytes) + tag (16 bytes) + ciphertext of the value's JSON.</summary>
    public required byte[] Sealed { get; init; }

    /// <summary>When it was first stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>OAUTH2: when the access token expires (in clear, so a refresh is planned without opening the value).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>OAUTH2: why the last refresh failed (the authorization server's error code or the HTTP status), until one succeeds.</summary>
    public string? RefreshError { get; init; }
}
