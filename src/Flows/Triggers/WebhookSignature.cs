using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Flows.Triggers;

/// <summary>
/// Checks a webhook call. Signed: <c>X-Mcpgw-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-Mcpgw-Signature: sha256=&lt;hex HMAC-SHA256(secret, "{timestamp}.{body}")&gt;</c>, accepted only while the
/// timestamp is within <see cref="Window"/> of the gateway's clock, so a captured delivery cannot be replayed later.
/// Or the secret itself in <c>X-Mcpgw-Secret</c> (no replay protection: whoever sees it has the secret). Comparisons
/// take constant time.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Mcpgw-Signature";

    /// <summary>The header with the signing time, in unix seconds.</summary>
    public const string TimestampHeader = "X-Mcpgw-Timestamp";

    /// <summary>The secret header.</summary>
    public const string SecretHeader = "X-Mcpgw-Secret";

    /// <summary>How far a signed delivery's timestamp may be from the gateway's clock, either way.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Scheme = "sha256=";
    private const string HowToSign = $"send {TimestampHeader}: <unix seconds> and {SignatureHeader}: sha256=<hex HMAC-SHA256 of \"{{timestamp}}.{{body}}\" with the webhook secret>";

    /// <summary>The signature header's value for a body sent at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Scheme + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>
    /// Null when the signature (preferred) or the secret header proves the caller knows <paramref name="secret"/> now;
    /// otherwise why not, in a sentence that says what to send (never the secret or the expected signature).
    /// </summary>
    public static string? Check(string secret, ReadOnlySpan<byte> body, string? signature, string? timestamp, string? secretHeader, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!string.IsNullOrEmpty(signature))
        {
            if (string.IsNullOrEmpty(timestamp))
            {
                return $"{TimestampHeader} is missing: signatures cover the time of sending, so a captured delivery cannot be replayed; {HowToSign}.";
            }

            if (!long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) ||
                seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return $"{TimestampHeader} must be the time of sending in unix seconds (an integer); {HowToSign}.";
            }

            var skew = DateTimeOffset.FromUnixTimeSeconds(seconds) - now;
            if (skew.Duration() > Window)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{TimestampHeader} is {Math.Abs((long)skew.TotalSeconds)} s {(skew < TimeSpan.Zero ? "behind" : "ahead of")} the gateway's clock; a signed delivery is accepted for {Window.TotalMinutes:0} minutes either way (a replayed delivery, or a sender whose clock is off). Sign it again with the current time.");
            }

            return Matches(secret, timestamp, body, signature) ? null : $"Wrong {SignatureHeader}; {HowToSign}.";
        }

        if (secretHeader is not null)
        {
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secretHeader)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)))
                ? null
                : $"Wrong {SecretHeader}.";
        }

        return $"Missing webhook signature; {HowToSign}, or the secret in {SecretHeader}.";
    }

    private static bool Matches(string secret, string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        if (!signature.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || signature.Length != Scheme.Length + 64)
        {
            return false;
        }

        var given = new byte[32];
        for (var i = 0; i < 32; i++)
        {
            if (!byte.TryParse(signature.AsSpan(Scheme.Length + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out given[i]))
            {
                return false;
            }
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body));
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
