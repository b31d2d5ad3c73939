using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpGateway.Connectors.Upstreams.Sql;

/// <summary>Converts between tool arguments (typed by the query's declared schema) and ADO.NET values.</summary>
internal static class SqlValues
{
    /// <summary>The parameter value for an argument of the declared JSON type; a missing or null argument is NULL.</summary>
    public static object Bind(string name, JsonElement value, string type)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return DBNull.Value;
        }

        try
        {
            return type switch
            {
                "integer" => value.GetInt64(),
                "number" => value.GetDecimal(),
                "boolean" => value.GetBoolean(),
                "object" or "array" => value.GetRawText(),
                _ => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new McpProtocolException($"Argument '{name}' must be of type {type}.", McpErrorCode.InvalidParams);
        }
    }

    /// <summary>A column value as JSON.</summary>
    public static JsonNode? Read(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b,
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        decimal d => d,
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        float f => float.IsFinite(f) ? f : f.ToString(CultureInfo.InvariantCulture),
        string s => s,
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        Guid g => g.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
