using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Cross-field checks over a read configuration; each check adds findings to one list.</summary>
internal static partial class ConfigValidator
{
    public static void Validate(GatewayConfig config, YamlNodeReader r, YamlMappingNode root)
    {
        if (!Uri.TryCreate(config.Server.Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
        {
            r.Error(NodeAt(root, "gateway", "listen"), "gateway.listen", $"expected an http URL like {GatewayDefaults.Listen}, got '{config.Server.Listen}'");
        }

        foreach (var connector in config.Connectors)
        {
            ValidateConnector(config, connector, r, root);
        }
    }

    // Settings that only one transport reads: written on another kind they would be silently ignored.
    private static readonly (string Key, ConnectorKind[] Kinds)[] KindKeys =
    [
        ("command", [ConnectorKind.McpStdio]), ("args", [ConnectorKind.McpStdio]), ("env", [ConnectorKind.McpStdio]), ("cwd", [ConnectorKind.McpStdio]),
        ("url", [ConnectorKind.McpHttp]), ("headers", [ConnectorKind.McpHttp]),
        ("spec", [ConnectorKind.OpenApi]), ("base_url", [ConnectorKind.OpenApi]), ("auth", [ConnectorKind.OpenApi]),
        ("database", [ConnectorKind.Sql]), ("connection_string", [ConnectorKind.Sql]), ("queries", [ConnectorKind.Sql]),
    ];

    private static void ValidateConnector(GatewayConfig config, ConnectorConfig c, YamlNodeReader r, YamlMappingNode root)
    {
        var path = "connectors." + c.Name;
        YamlNode? At(string key) => NodeAt(root, "connectors", c.Name, key) ?? NodeAt(root, "connectors", c.Name);

        if (!NamePattern().IsMatch(c.Name))
        {
            r.Error(KeyAt(root, "connectors", c.Name), path,
                $"connector name '{c.Name}' must be 1-32 lower-case letters, digits or dashes, starting with a letter (it prefixes tool names and resource URIs)");
        }
        else if (c.Name == "flow")
        {
            r.Error(KeyAt(root, "connectors", c.Name), path, "the connector name 'flow' is reserved: flows are the tools flow__{name}; pick another name");
        }
        else if (c.Name == "gateway")
        {
            r.Error(KeyAt(root, "connectors", c.Name), path, "the connector name 'gateway' is reserved: the gateway's own tools are gateway__{name}; pick another name");
        }

        switch (c.Kind)
        {
            case ConnectorKind.McpStdio when string.IsNullOrWhiteSpace(c.Command):
                r.Error(At("command"), path + ".command", "an mcp-stdio connector needs 'command' (the program to start)");
                break;
            case ConnectorKind.McpHttp when string.IsNullOrWhiteSpace(c.Url):
                r.Error(At("url"), path + ".url", "an mcp-http connector needs 'url' (its Streamable HTTP endpoint)");
                break;
            case ConnectorKind.McpHttp:
                CheckUrl(c.Url!, At("url"), path + ".url", r);
                break;
            case ConnectorKind.OpenApi:
                // A record sent over REST (or stored) is not a file and has no folder: its spec must not depend on one.
                AdapterConfigValidator.ValidateOpenApi(c, config.SourcePath is { } source && Path.IsPathRooted(source) ? config.BaseDirectory : null, r, At, path);
                break;
            case ConnectorKind.Sql:
                AdapterConfigValidator.ValidateSql(c, r, At, path);
                break;
        }

        foreach (var (key, kinds) in KindKeys)
        {
            if (!kinds.Contains(c.Kind) && NodeAt(root, "connectors", c.Name, key) is { } misplaced)
            {
                r.Error(misplaced, path + "." + key, $"'{key}' is for {string.Join(" or ", kinds.Select(k => k.Name()))} connectors, not {c.Kind.Name()}");
            }
        }

        var values = new List<(string Key, string Value)>();
        values.AddRange(c.Args.Select(a => ("args", a)));
        values.AddRange(c.Env.Select(kv => ("env." + kv.Key, kv.Value)));
        values.AddRange(c.Headers.Select(kv => ("headers." + kv.Key, kv.Value)));
        values.AddRange(new[] { ("command", c.Command), ("url", c.Url), ("spec", c.Spec), ("base_url", c.BaseUrl), ("connection_string", c.ConnectionString) }
            .Where(v => v.Item2 is not null).Select(v => (v.Item1, v.Item2!)));
        values.AddRange(c.Auth is null ? [] : c.Auth.Values().Select(v => ("auth", v)));

        foreach (var (key, value) in values)
        {
            foreach (var problem in ReferenceResolver.FindSyntaxErrors(value))
            {
                r.Error(At(key.Split('.')[0]), path + "." + key, problem);
            }

            if (value.Contains("${env:MCPGW_", StringComparison.OrdinalIgnoreCase))
            {
                r.Error(At(key.Split('.')[0]), path + "." + key, "the gateway's own settings (MCPGW_*) are never passed to an upstream; use a connection (${secret:name}) or another variable");
            }
        }
    }

    /// <summary>Reports a value that is neither a reference (checked at connect time) nor an absolute http(s) URL.</summary>
    internal static void CheckUrl(string url, YamlNode? node, string path, YamlNodeReader r)
    {
        if (!url.Contains("${", StringComparison.Ordinal) && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            r.Error(node, path, $"expected an absolute http(s) URL, got '{url}'");
        }
    }

    private static YamlNode? NodeAt(YamlMappingNode root, params string[] keys)
    {
        YamlNode? node = root;
        foreach (var key in keys)
        {
            node = YamlNodeReader.Get(node as YamlMappingNode, key);
        }

        return node;
    }

    private static YamlNode? KeyAt(YamlMappingNode root, string section, string key) =>
        (YamlNodeReader.Get(root, section) as YamlMappingNode)?.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex NamePattern();
}
