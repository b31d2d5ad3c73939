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

    private static readonly string[] SecretKeyParts =
        ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "authorization", "credential", "private_key", "privatekey", "cookie"];

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

    /// <summary>Redacts a JSON tree in place (trace details, live states): secret-looking keys and known secret values.</summary>
    public JsonNode? RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecretKey(name))
                    {
                        obj[name] = Redacted;
                    }
                    else if (obj[name] is JsonValue v && Replacement(v) is { } text)
                    {
                        obj[name] = text;
                    }
                    else
                    {
                        RedactNode(obj[name]);
                    }
                }

                return obj;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    if (arr[i] is JsonValue v && Replacement(v) is { } text)
                    {
                        arr[i] = text;
                    }
                    else
                    {
                        RedactNode(arr[i]);
                    }
                }

                return arr;
            case JsonValue v when Replacement(v) is { } text:
                return JsonValue.Create(text);
            default:
                return node;
        }
    }

    private string? Replacement(JsonValue value)
    {
        if (secrets.IsEmpty || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetValue<string>();
        var redacted = secrets.Redact(text);
        return ReferenceEquals(redacted, text) || redacted == text ? null : redacted;
    }

    /// <summary>True for keys whose values are secrets by name (password, api_key, token, ...).</summary>
    public static bool IsSecretKey(string key)
    {
        foreach (var part in SecretKeyParts)
        {
            if (key.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

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
