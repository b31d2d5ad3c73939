using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using McpGateway.Policy.Hashing;

namespace McpGateway.Policy.Pipeline;

public static partial class ArgumentsJson
{
    /// <summary>SHA-256 (hex) of the tool name and the arguments with object keys sorted, so key order does not matter.</summary>
    /// <remarks>
    /// The text hashed is, in UTF-8: the tool, a newline, then per argument in ordinal key order <c>key=value</c> and a
    /// newline, where a value is written as received except that object members are sorted (names JSON-quoted) and
    /// numbers are written by value. Fingerprints are stored with idempotency keys, so this text must never change
    /// (ArgumentsJsonTests pins it). It is written straight to UTF-8 (building a string first cost a keyed call ~5 µs
    /// in the gateway) and hashed by <see cref="Sha256"/>, not OpenSSL (bench/README.md).
    /// </remarks>
    public static string Fingerprint(string tool, IDictionary<string, JsonElement>? arguments)
    {
        var text = new Utf8Text(256);
        try
        {
            text.Append(tool);
            text.Append((byte)'\n');
            if (arguments is { Count: > 0 })
            {
                var keys = new string[arguments.Count];
                arguments.Keys.CopyTo(keys, 0);
                Array.Sort(keys, StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    text.Append(key);
                    text.Append((byte)'=');
                    Canonical(ref text, arguments[key]);
                    text.Append((byte)'\n');
                }
            }

            return Sha256.HexOf(text.Written);
        }
        finally
        {
            text.Dispose();
        }
    }

    private static void Canonical(ref Utf8Text text, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append((byte)'{');
                var members = new List<JsonProperty>();
                foreach (var p in e.EnumerateObject())
                {
                    members.Add(p);
                }

                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var p in members)
                {
                    text.Append(JsonSerializer.Serialize(p.Name));
                    text.Append((byte)':');
                    Canonical(ref text, p.Value);
                    text.Append((byte)',');
                }

                text.Append((byte)'}');
                break;
            case JsonValueKind.Array:
                text.Append((byte)'[');
                foreach (var item in e.EnumerateArray())
                {
                    Canonical(ref text, item);
                    text.Append((byte)',');
                }

                text.Append((byte)']');
                break;
            case JsonValueKind.Number:
                text.Append(CanonicalNumber(e.GetRawText()));
                break;
            default:
                // The value's own bytes, as received: the same bytes its raw text encodes to, since a parsed document
                // holds valid UTF-8 only (checked anyway, so the text hashed can never depend on how it was read).
                var raw = JsonMarshal.GetRawUtf8Value(e);
                if (Utf8.IsValid(raw))
                {
                    text.Append(raw);
                }
                else
                {
                    text.Append(e.GetRawText());
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

    /// <summary>UTF-8 text in a pooled buffer that grows as needed.</summary>
    private struct Utf8Text(int capacity) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Append(byte b)
        {
            Reserve(1);
            _buffer[_length++] = b;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Reserve(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void Append(string s)
        {
            // Invalid UTF-16 (a lone surrogate) becomes U+FFFD, exactly as Encoding.UTF8.GetBytes on the whole text did.
            Reserve(Encoding.UTF8.GetMaxByteCount(s.Length));
            _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
        }

        public readonly void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            Written.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
