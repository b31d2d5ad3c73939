using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace McpGateway.Policy.Pipeline;

public static partial class ArgumentsJson
{
    /// <summary>SHA-256 (hex) of the tool name and the arguments with object keys sorted, so key order does not matter.</summary>
    /// <remarks>
    /// The text hashed is, in UTF-8: the tool, a newline, then per argument in ordinal key order <c>key=value</c> and a
    /// newline, where a value is written as received except that object members are sorted (names JSON-quoted) and
    /// numbers are written by value. Fingerprints are stored with idempotency keys, so this text must never change
    /// (ArgumentsJsonTests pins it). It is written straight to UTF-8 (building a string first cost a keyed call ~5 µs
    /// in the gateway, bench/README.md) and hashed once by the platform's SHA-256.
    /// </remarks>
    public static string Fingerprint(string tool, IDictionary<string, JsonElement>? arguments)
    {
        var text = new ArrayBufferWriter<byte>(256);
        Encoding.UTF8.GetBytes(tool, text);
        text.Write("\n"u8);
        if (arguments is { Count: > 0 })
        {
            var keys = new string[arguments.Count];
            arguments.Keys.CopyTo(keys, 0);
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                Encoding.UTF8.GetBytes(key, text);
                text.Write("="u8);
                Canonical(text, arguments[key]);
                text.Write("\n"u8);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(text.WrittenSpan));
    }

    private static void Canonical(ArrayBufferWriter<byte> text, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                text.Write("{"u8);
                var members = new List<JsonProperty>();
                foreach (var p in e.EnumerateObject())
                {
                    members.Add(p);
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var p in members)
                {
                    Encoding.UTF8.GetBytes(JsonSerializer.Serialize(p.Name), text);
                    text.Write(":"u8);
                    Canonical(text, p.Value);
                    text.Write(","u8);
                }

                text.Write("}"u8);
                break;
            case JsonValueKind.Array:
                text.Write("["u8);
                foreach (var item in e.EnumerateArray())
                {
                    Canonical(text, item);
                    text.Write(","u8);
                }

                text.Write("]"u8);
                break;
            case JsonValueKind.Number:
                Encoding.UTF8.GetBytes(CanonicalNumber(e.GetRawText()), text);
                break;
            default:
                // The value's own bytes, as received: the same bytes its raw text encodes to, since a parsed document
                // holds valid UTF-8 only (checked anyway, so the text hashed can never depend on how it was read).
                var raw = JsonMarshal.GetRawUtf8Value(e);
                if (Utf8.IsValid(raw))
                {
                    text.Write(raw);
                }
                else
                {
                    Encoding.UTF8.GetBytes(e.GetRawText(), text);
                }

                break;
        }
    }

    /// <summary>
    /// Writes a JSON number by value, not spelling: significant digits and a power of ten (1, 1.0 and 1e0 are all
    /// <c>1e0</c>). Exact at any size, where decimal would overflow and double would round.
    /// </summary>
    private static string CanonicalNumber(string raw)
    {
        var negative = raw.StartsWith('-');
        var text = negative ? raw[1..] : raw;
        long exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!long.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return raw;
            }

            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }

        var digits = text.TrimStart('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var significant = digits.TrimEnd('0');
        exponent += digits.Length - significant.Length;
        return (negative ? "-" : "") + significant + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
