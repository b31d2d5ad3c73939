using System.Buffers.Text;
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// Seals a <see cref="RequestState"/> into the opaque <c>requestState</c> a client echoes back, and opens it again:
/// AES-256-GCM under the master key (<see cref="SecretCipher"/>, with a purpose of its own as associated data), so a
/// state the client changed, or one another gateway (another master key) issued, does not open. Opening also checks the
/// expiry and that the state was issued for this caller, endpoint, tool and arguments.
/// </summary>
internal sealed class RequestStateSeal(SecretCipher cipher, TimeProvider time)
{
    /// <summary>
    /// The longest <c>requestState</c> accepted (characters): the gateway's own are a few hundred, plus about 4/3 of an
    /// upstream's state it carries (<see cref="RequestState.UpstreamState"/>).
    /// </summary>
    public const int MaxLength = 64 * 1024;

    private const string Prefix = "mcpgw1.";

    // Associated data: a state is never a sealed connection value, and a connection value never a state.
    private const string Purpose = "mcpgw/request-state/v1";

    /// <summary>The sealed, URL-safe text of <paramref name="state"/>.</summary>
    public string Seal(RequestState state)
    {
        var json = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteString("k", state.Kind);
            w.WriteString("key", state.KeyId);
            w.WriteString("agent", state.Agent);
            w.WriteString("scope", state.Scope);
            w.WriteString("m", state.Method);
            w.WriteString("t", state.Target);
            w.WriteString("f", state.Fingerprint);
            w.WriteNumber("exp", state.ExpiresAt.ToUnixTimeMilliseconds());
            w.WriteString("exe", state.ExecutionId);
            w.WriteString("appr", state.ApprovalId);
            w.WriteString("inst", state.Instance);
            w.WriteString("x", state.Exchange);
            w.WriteNumber("r", state.Round);
            w.WriteString("us", state.UpstreamState);
            w.WriteEndObject();
        }

        return Prefix + Base64Url.EncodeToString(cipher.Seal(Purpose, json.WrittenSpan));
    }

    /// <summary>
    /// Opens <paramref name="text"/> for the request <paramref name="binding"/>: the state, or the problem as a sentence for a
    /// JSON-RPC error (-32602). Nothing in the problem echoes the input.
    /// </summary>
    public (RequestState? State, string? Problem) Open(string? text, RequestBinding binding)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, "requestState is empty; send back the requestState of the InputRequiredResult unchanged.");
        }

        if (text.Length > MaxLength)
        {
            return (null, $"requestState is {text.Length} characters, more than the {MaxLength} this gateway accepts; it is not one the gateway issued.");
        }

        var state = Decode(text);
        if (state is null)
        {
            return (null, "requestState is not valid: it was altered, or was not issued by this gateway. Call again without requestState to start over.");
        }

        if (time.GetUtcNow() >= state.ExpiresAt)
        {
            return (null, $"requestState expired at {state.ExpiresAt:u}; nothing was executed on this request. Call again without requestState to start over.");
        }

        if (state.KeyId != binding.KeyId || state.Agent != binding.Agent)
        {
            return (null, "requestState was issued to another caller (API key or agent); it cannot continue this request.");
        }

        if (state.Scope != binding.Scope || state.Method != binding.Method || state.Target != binding.Target)
        {
            return (null, $"requestState was issued for another request than {binding.Method} '{binding.Target}' on this endpoint; send it only with the request that received it.");
        }

        return state.Fingerprint != binding.Fingerprint
            ? (null, "requestState was issued for other arguments; a retry must send the original arguments unchanged.")
            : (state, null);
    }

    private RequestState? Decode(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var plain = cipher.Open(Purpose, Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length)));
            using var doc = JsonDocument.Parse(plain);
            var o = doc.RootElement;
            string? Str(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new RequestState
            {
                Kind = Str("k") ?? "",
                KeyId = Str("key"),
                Agent = Str("agent"),
                Scope = Str("scope"),
                Method = Str("m") ?? "",
                Target = Str("t") ?? "",
                Fingerprint = Str("f") ?? "",
                ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(o.GetProperty("exp").GetInt64()),
                ExecutionId = Str("exe") ?? "",
                ApprovalId = Str("appr"),
                Instance = Str("inst"),
                Exchange = Str("x"),
                Round = o.GetProperty("r").GetInt32(),
                UpstreamState = Str("us"),
            };
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
