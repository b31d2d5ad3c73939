using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads the settings of the connectors the gateway serves itself: <c>openapi</c> (auth) and <c>sql</c> (database, queries).</summary>
internal static class AdapterConfigReader
{
    private static readonly string[] AuthKeys = ["type", "token", "username", "password", "in", "name", "value"];
    private static readonly string[] QueryKeys = ["sql", "description", "parameters", "allow_write", "max_rows"];

    public static OpenApiAuthConfig? Auth(YamlNodeReader r, YamlNode? node, string path)
    {
        var map = r.Mapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.CheckKeys(map, path, AuthKeys);
        var type = r.String(map, "type", path);
        var auth = new OpenApiAuthConfig
        {
            Type = type ?? "",
            Token = r.String(map, "token", path),
            Username = r.String(map, "username", path),
            Password = r.String(map, "password", path),
            In = r.String(map, "in", path),
            Name = r.String(map, "name", path),
            Value = r.String(map, "value", path),
        };
        (string Key, string? Value)[] needed = type switch
        {
            "bearer" => [("token", auth.Token)],
            "basic" => [("username", auth.Username), ("password", auth.Password)],
            "api_key" => [("name", auth.Name), ("value", auth.Value)],
            _ => [],
        };
        if (type is not ("bearer" or "basic" or "api_key"))
        {
            r.Error(YamlNodeReader.Get(map, "type") ?? map, path + ".type", $"expected bearer, basic or api_key, got '{type}'");
        }

        foreach (var (key, value) in needed.Where(n => string.IsNullOrEmpty(n.Value)))
        {
            r.Error(map, path + "." + key, $"auth type '{type}' needs '{key}'");
        }

        if (auth.In is not (null or "header" or "query"))
        {
            r.Error(YamlNodeReader.Get(map, "in"), path + ".in", $"expected header or query, got '{auth.In}'");
        }

        return auth;
    }

    public static SqlDatabase? Database(YamlNodeReader r, YamlMappingNode body, string path)
    {
        var text = r.String(body, "database", path);
        switch (text)
        {
            case null:
                return null;
            case "postgres" or "postgresql":
                return SqlDatabase.Postgres;
            case "sqlite":
                return SqlDatabase.Sqlite;
            default:
                r.Error(YamlNodeReader.Get(body, "database"), path + ".database", $"expected postgres or sqlite, got '{text}'");
                return null;
        }
    }

    public static Dictionary<string, SqlQueryConfig> Queries(YamlNodeReader r, YamlNode? node, string path)
    {
        var result = new Dictionary<string, SqlQueryConfig>(StringComparer.Ordinal);
        var map = r.Mapping(node, path);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            var p = path + "." + name;
            var body = r.Mapping(value, p);
            if (body is null)
            {
                r.Error(value, p, "expected the query's settings (sql, description, parameters, allow_write)");
                continue;
            }

            r.CheckKeys(body, p, QueryKeys);
            var sql = r.String(body, "sql", p);
            if (string.IsNullOrWhiteSpace(sql))
            {
                r.Error(body, p + ".sql", "a query needs 'sql' (the statement, with :name parameters)");
                continue;
            }

            result[name] = new SqlQueryConfig
            {
                Sql = sql,
                Description = r.String(body, "description", p),
                ParametersJson = Parameters(r, YamlNodeReader.Get(body, "parameters"), p + ".parameters"),
                AllowWrite = r.Bool(body, "allow_write", p) ?? false,
                MaxRows = (int)(r.Integer(body, "max_rows", p, 1, 100_000) ?? 1000),
            };
        }

        return result;
    }

    // The parameters are a JSON Schema; a mapping of properties alone (no 'type') is taken as the object's properties.
    private static string Parameters(YamlNodeReader r, YamlNode? node, string path)
    {
        var map = r.Mapping(node, path);
        if (map is null)
        {
            return """{"type":"object","properties":{}}""";
        }

        var schema = YamlJson.FromMapping(map);
        if (!schema.ContainsKey("type") && !schema.ContainsKey("properties"))
        {
            schema = new JsonObject { ["type"] = "object", ["properties"] = schema };
        }

        if (schema["type"]?.ToString() != "object" || schema["properties"] is not (null or JsonObject))
        {
            r.Error(map, path, "expected a JSON Schema of type object whose properties name the :parameters");
        }

        return schema.ToJsonString();
    }
}
