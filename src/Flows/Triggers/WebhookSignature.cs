using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Flows.Triggers;

/// <summary>
/// Checks a webhook call: <c>X-Mcpgw-Signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>, or the secret itself in
/// <c>X-Mcpgw-Secret</c>. Comparisons take constant time.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Mcpgw-Signature";

    /// <summary>The secret header.</summary>
    public const string SecretHeader = "X-Mcpgw-Secret";

    /// <summary>The signature header's value for a body.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when the signature (preferred) or the secret header proves the caller knows the secret.</summary>
    public static bool Verify(string? secret, ReadOnlySpan<byte> body, string? signature, string? secretHeader)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        if (signature is not null)
        {
            if (!signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) || signature.Length != 7 + 64)
            {
                return false;
            }

            var given = new byte[32];
            for (var i = 0; i < 32; i++)
            {
                if (!byte.TryParse(signature.AsSpan(7 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out given[i]))
                {
                    return false;
                }
            }

            return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        }

        return secretHeader is not null &&
            CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secretHeader)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
