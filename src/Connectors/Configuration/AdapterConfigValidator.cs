using System.Text.Json.Nodes;
using McpGateway.Connectors.Upstreams.OpenApi;
using McpGateway.Connectors.Upstreams.Sql;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>
/// Checks the connectors the gateway serves itself. An <c>openapi</c> spec that is a file is read and turned into tools
/// now, so a bad spec stops a first load (and a reload keeps the last good config) like any other config error; a
/// spec at a URL is read at connect time. A <c>sql</c> query's <c>:name</c> parameters must each be declared.
/// </summary>
internal static class AdapterConfigValidator
{
    public static void ValidateOpenApi(ConnectorConfig c, string? baseDirectory, YamlNodeReader r, Func<string, YamlNode?> at, string path)
    {
        if (string.IsNullOrWhiteSpace(c.BaseUrl))
        {
            r.Error(at("base_url"), path + ".base_url", "an openapi connector needs 'base_url' (the API's address; each operation's path is appended)");
        }
        else
        {
            ConfigValidator.CheckUrl(c.BaseUrl, at("base_url"), path + ".base_url", r);
        }

        if (string.IsNullOrWhiteSpace(c.Spec))
        {
            r.Error(at("spec"), path + ".spec", "an openapi connector needs 'spec' (an OpenAPI 3.x document: a file or an http(s) URL)");
            return;
        }

        if (OpenApiSpecLoader.IsUrl(c.Spec) || c.Spec.Contains("${", StringComparison.Ordinal))
        {
            return;
        }

        if (baseDirectory is null && !Path.IsPathFullyQualified(c.Spec))
        {
            r.Error(at("spec"), path + ".spec", $"a connector added over REST needs its spec as an absolute path or an http(s) URL, got '{c.Spec}'");
            return;
        }

        var file = OpenApiSpecLoader.FullPath(c.Spec, baseDirectory ?? "/");
        try
        {
            if (OpenApiToolBuilder.Build(OpenApiSpecLoader.LoadFile(file)).Count == 0)
            {
                r.Error(at("spec"), path + ".spec", $"{file}: the spec describes no operations");
            }
        }
        catch (OpenApiSpecException ex)
        {
            r.Error(at("spec"), path + ".spec", $"{file}: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            // The library's model can hold what the tools cannot be made from; say so rather than stop with a stack trace.
            r.Error(at("spec"), path + ".spec", $"{file}: cannot make tools from the spec: {ex.Message}");
        }
    }

    public static void ValidateSql(ConnectorConfig c, YamlNodeReader r, Func<string, YamlNode?> at, string path)
    {
        if (c.Database is null)
        {
            r.Error(at("database"), path + ".database", "a sql connector needs 'database' (postgres or sqlite)");
        }

        if (string.IsNullOrWhiteSpace(c.ConnectionString))
        {
            r.Error(at("connection_string"), path + ".connection_string", "a sql connector needs 'connection_string' (normally ${secret:name})");
        }

        if (c.Queries.Count == 0)
        {
            r.Error(at("queries"), path + ".queries", "a sql connector needs 'queries' (name: {sql, description, parameters, allow_write})");
        }

        foreach (var (name, query) in c.Queries)
        {
            var p = path + ".queries." + name;
            if (!SqlUpstream.IsToolName(name))
            {
                r.Error(at("queries"), p, $"query name '{name}' must be 1-64 letters, digits, '_' or '-' (it is the tool's name)");
            }

            var declared = (JsonNode.Parse(query.ParametersJson)?["properties"] as JsonObject)?.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var parameter in SqlStatement.Parse(query.Sql).Parameters.Where(n => !declared.Contains(n)))
            {
                r.Error(at("queries"), p + ".sql", $"':{parameter}' is not declared under parameters; declare it with its type, e.g. {parameter}: {{type: string}}");
            }
        }
    }
}
