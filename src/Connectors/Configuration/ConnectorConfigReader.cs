using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads the <c>connectors:</c> section: a mapping from connector name to its settings.</summary>
internal static class ConnectorConfigReader
{
    private static readonly string[] ConnectorKeys =
        ["kind", "command", "args", "env", "cwd", "url", "headers", "spec", "base_url", "auth", "database", "connection_string", "queries", "enabled",
         "timeout", "pinning", "tools"];

    private static readonly string[] ToolKeys =
        ["title", "description", "read_only", "destructive", "idempotent", "risk", "timeout", "enabled", "idempotency_key", "retry", "fallback",
         "on_failure", "probe", "entity_params", "rules", "tags", "examples", "auth"];

    public static IReadOnlyList<ConnectorConfig> ReadAll(YamlNodeReader r, YamlNode? node)
    {
        var map = r.Mapping(node, "connectors");
        var list = new List<ConnectorConfig>();
        if (map is null)
        {
            return list;
        }

        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            var path = "connectors." + name;
            var body = r.Mapping(value, path);
            if (body is null)
            {
                r.Error(value, path, "expected the connector's settings (kind, command or url, ...)");
                continue;
            }

            if (ReadOne(r, name, path, body) is { } connector)
            {
                list.Add(connector);
            }
        }

        return list;
    }

    private static ConnectorConfig? ReadOne(YamlNodeReader r, string name, string path, YamlMappingNode body)
    {
        r.CheckKeys(body, path, ConnectorKeys);
        var kindText = r.String(body, "kind", path);
        var kind = ConnectorKindNames.Parse(kindText);
        if (kind is null)
        {
            var expected = "expected " + string.Join(", ", ConnectorKindNames.All);
            r.Error(YamlNodeReader.Get(body, "kind") ?? body, path + ".kind",
                kindText is null ? "missing 'kind'; " + expected : $"unknown kind '{kindText}'; {expected}");
            return null;
        }

        var pinningText = r.String(body, "pinning", path);
        PinningMode? pinning = pinningText switch
        {
            null or "strict" => PinningMode.Strict,
            "auto" => PinningMode.Auto,
            _ => null,
        };
        if (pinning is null)
        {
            r.Error(YamlNodeReader.Get(body, "pinning"), path + ".pinning", $"unknown pinning '{pinningText}'; expected strict or auto");
        }

        return new ConnectorConfig
        {
            Name = name,
            Kind = kind.Value,
            Command = r.String(body, "command", path),
            Args = r.StringList(body, "args", path) ?? [],
            Env = r.StringMap(body, "env", path) ?? new Dictionary<string, string>(),
            Cwd = r.String(body, "cwd", path),
            Url = r.String(body, "url", path),
            Headers = r.StringMap(body, "headers", path) ?? new Dictionary<string, string>(),
            Spec = r.String(body, "spec", path),
            BaseUrl = r.String(body, "base_url", path),
            Auth = AdapterConfigReader.Auth(r, YamlNodeReader.Get(body, "auth"), path + ".auth"),
            Database = AdapterConfigReader.Database(r, body, path),
            ConnectionString = r.String(body, "connection_string", path),
            Queries = AdapterConfigReader.Queries(r, YamlNodeReader.Get(body, "queries"), path + ".queries"),
            Enabled = r.Bool(body, "enabled", path) ?? true,
            Timeout = r.Duration(body, "timeout", path),
            Pinning = pinning ?? PinningMode.Strict,
            Tools = ReadTools(r, path + ".tools", YamlNodeReader.Get(body, "tools")),
        };
    }

    private static Dictionary<string, ToolOverride> ReadTools(YamlNodeReader r, string path, YamlNode? node)
    {
        var result = new Dictionary<string, ToolOverride>(StringComparer.Ordinal);
        var map = r.Mapping(node, path);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, value) in map.Children)
        {
            var tool = ((YamlScalarNode)key).Value ?? "";
            var p = path + "." + tool;
            var body = r.Mapping(value, p);
            if (body is null)
            {
                continue;
            }

            r.CheckKeys(body, p, ToolKeys);
            var risk = r.String(body, "risk", p);
            if (risk is not (null or "low" or "medium" or "high"))
            {
                r.Error(YamlNodeReader.Get(body, "risk"), p + ".risk", $"expected low, medium or high, got '{risk}'");
            }

            var onFailure = r.String(body, "on_failure", p);
            if (onFailure is not (null or "error" or "escalate"))
            {
                r.Error(YamlNodeReader.Get(body, "on_failure"), p + ".on_failure", $"expected error or escalate, got '{onFailure}'");
            }

            result[tool] = new ToolOverride
            {
                Title = r.String(body, "title", p),
                Description = r.String(body, "description", p),
                ReadOnly = r.Bool(body, "read_only", p),
                Destructive = r.Bool(body, "destructive", p),
                Idempotent = r.Bool(body, "idempotent", p),
                Risk = risk,
                Timeout = r.Duration(body, "timeout", p),
                Enabled = r.Bool(body, "enabled", p) ?? true,
                IdempotencyKey = r.String(body, "idempotency_key", p),
                Retry = (int?)r.Integer(body, "retry", p, 0, 20),
                Fallback = r.String(body, "fallback", p),
                OnFailure = onFailure,
                Probe = PolicyConfigReader.Probe(r, r.Mapping(YamlNodeReader.Get(body, "probe"), p + ".probe"), p + ".probe"),
                EntityParams = r.StringList(body, "entity_params", p),
                Rules = PolicyConfigReader.Rules(r, YamlNodeReader.Get(body, "rules"), p + ".rules"),
                Tags = r.StringList(body, "tags", p),
                Examples = Examples(r, YamlNodeReader.Get(body, "examples"), p + ".examples"),
                Auth = r.String(body, "auth", p),
            };
        }

        return result;
    }

    /// <summary>A tool's <c>examples</c>: a list of <c>{description, args}</c>, args a mapping of the call's arguments.</summary>
    private static List<ToolExample>? Examples(YamlNodeReader r, YamlNode? node, string path)
    {
        if (node is null || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }

        if (node is not YamlSequenceNode seq)
        {
            r.Error(node, path, "expected a list of examples, each with 'args' (a mapping) and an optional 'description'");
            return null;
        }

        var examples = new List<ToolExample>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var p = $"{path}[{i}]";
            var body = r.Mapping(seq.Children[i], p);
            if (body is null)
            {
                continue;
            }

            r.CheckKeys(body, p, "description", "args");
            var args = YamlNodeReader.Get(body, "args");
            if (args is not YamlMappingNode argsMap)
            {
                r.Error(args ?? body, p + ".args", "expected the example's arguments as a mapping, like args: { payment_id: pay_1 }");
                continue;
            }

            examples.Add(new ToolExample(r.String(body, "description", p), YamlJson.FromMapping(argsMap)));
        }

        return examples;
    }
}
