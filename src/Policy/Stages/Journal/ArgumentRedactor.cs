using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Policy.Stages.Journal;

/// <summary>Serializes call arguments for the journal with secret values replaced by <c>[REDACTED]</c>.</summary>
public sealed class ArgumentRedactor(SecretValues secrets)
{
    private const string Redacted = "[REDACTED]";

    // One vectorized search for every part, ignoring case, instead of a Contains per part.
    private static readonly SearchValues<string> SecretKeyParts = SearchValues.Create(
        ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "authorization", "credential", "private_key", "privatekey", "cookie"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the arguments as JSON with secret-looking keys and known secret values redacted.</summary>
    public string Redact(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments)
            {
                writer.WritePropertyName(key);
                if (IsSecretKey(key))
                {
                    writer.WriteStringValue(Redacted);
                }
                else
                {
                    WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A redacted copy of a JSON tree (live states, approval views): secret-looking keys and known secret values. The
    /// tree itself is not changed.
    /// </summary>
    public JsonNode? RedactNode(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRedacted(writer, node);
        }

        return JsonNode.Parse(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="node"/> with secret-looking keys and known secret values redacted (trace details).</summary>
    public void WriteRedacted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    if (IsSecretKey(name))
                    {
                        writer.WriteStringValue(Redacted);
                    }
                    else
                    {
                        WriteRedacted(writer, value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteRedacted(writer, item);
                }

                writer.WriteEndArray();
                break;
            // Only a value that holds text: a built view's timestamps are JSON strings too, but GetValue<string> throws on them.
            case JsonValue value when !secrets.IsEmpty && value.TryGetValue<string>(out var text):
                writer.WriteStringValue(secrets.Redact(text));
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>True for keys whose values are secrets by name (password, api_key, token, ...).</summary>
    public static bool IsSecretKey(string key) => key.AsSpan().ContainsAny(SecretKeyParts);

    private void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    writer.WritePropertyName(p.Name);
                    if (IsSecretKey(p.Name))
                    {
                        writer.WriteStringValue(Redacted);
                    }
                    else
                    {
                        WriteValue(writer, p.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String when !secrets.IsEmpty:
                writer.WriteStringValue(secrets.Redact(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
