using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Policy.Callers;

/// <summary>Makes and hashes key secrets: <c>mcpgw_</c> + 32 random bytes (base64url); stored as SHA-256, shown once.</summary>
public static class ApiKeySecret
{
    /// <summary>The secret's prefix, so leaked keys are recognisable by scanners.</summary>
    public const string Prefix = "mcpgw_";

    /// <summary>A new random secret.</summary>
    public static string Create() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The lower-case hex SHA-256 of a secret (keys are long random strings, so a fast hash is enough).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The first characters of a secret, safe to display.</summary>
    public static string DisplayPrefix(string secret) => secret.Length <= Prefix.Length + 4 ? secret : secret[..(Prefix.Length + 4)];
}
