using System.Buffers.Text;
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Mcp.Tasks;

/// <summary>
/// The task id a client gets for a task a 2026-07-28 upstream answered a tool call with: the connector and the upstream's
/// task id, sealed with AES-256-GCM under the master key (<see cref="SecretCipher"/>, a purpose of its own as associated
/// data) together with the caller's key and agent. Any gateway process sharing the master key can route <c>tasks/*</c> with
/// it and nothing in memory, and only the caller it was issued to can use it: another key's, an altered or a foreign id
/// opens to nothing.
/// </summary>
internal sealed class UpstreamTaskId(SecretCipher cipher)
{
    /// <summary>How every such id starts (a flow task's id is its run id, <c>run_…</c>).</summary>
    public const string Prefix = "mcpgwt1.";

    /// <summary>The longest id opened; the gateway's own are a few hundred characters.</summary>
    private const int MaxLength = 4096;

    private const string Purpose = "mcpgw/upstream-task/v1";

    /// <summary>True when <paramref name="taskId"/> has the form of an upstream task's id (not that it opens).</summary>
    public static bool IsOne(string taskId) => taskId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The id for the upstream task <paramref name="taskId"/> of <paramref name="connector"/>, issued to the caller.</summary>
    public string Seal(string connector, string taskId, string? keyId, string? agent)
    {
        var json = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteString("c", connector);
            w.WriteString("t", taskId);
            w.WriteString("key", keyId);
            w.WriteString("agent", agent);
            w.WriteEndObject();
        }

        return Prefix + Base64Url.EncodeToString(cipher.Seal(Purpose, json.WrittenSpan));
    }

    /// <summary>The connector and upstream task id, when the id opens and was issued to this caller; otherwise null.</summary>
    public (string Connector, string TaskId)? Open(string text, string? keyId, string? agent)
    {
        if (!IsOne(text) || text.Length > MaxLength)
        {
            return null;
        }

        try
        {
            var plain = cipher.Open(Purpose, Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length)));
            using var doc = JsonDocument.Parse(plain);
            var o = doc.RootElement;
            string? Str(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return Str("c") is { } connector && Str("t") is { } taskId && Str("key") == keyId && Str("agent") == agent ? (connector, taskId) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
