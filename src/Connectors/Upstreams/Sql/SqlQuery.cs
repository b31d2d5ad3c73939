using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Upstreams.Sql;

/// <summary>A configured query made ready to run: its statement, its input schema and each parameter's declared JSON type.</summary>
internal sealed record SqlQuery(string Name, SqlQueryConfig Config, SqlStatement Statement, JsonElement Schema, IReadOnlyDictionary<string, string> Types)
{
    public static SqlQuery From(string name, SqlQueryConfig config)
    {
        var schema = JsonNode.Parse(config.ParametersJson) as JsonObject ?? [];
        schema["type"] = "object";
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (parameter, property) in schema["properties"] as JsonObject ?? [])
        {
            // A union such as [string, null] is typed by its first non-null member.
            types[parameter] = property?["type"] switch
            {
                JsonValue v when v.TryGetValue<string>(out var t) => t,
                JsonArray a => a.Select(t => t?.ToString()).FirstOrDefault(t => t is not null and not "null") ?? "string",
                _ => "string",
            };
        }

        return new SqlQuery(name, config, SqlStatement.Parse(config.Sql), JsonSerializer.SerializeToElement(schema), types);
    }
}
