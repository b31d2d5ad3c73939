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
            ValidateConnector(connector, r, root);
        }
    }

    private static void ValidateConnector(ConnectorConfig c, YamlNodeReader r, YamlMappingNode root)
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

        if (c.Kind == ConnectorKind.McpStdio)
        {
            if (string.IsNullOrWhiteSpace(c.Command))
            {
                r.Error(At("command"), path + ".command", "an mcp-stdio connector needs 'command' (the program to start)");
            }

            if (c.Url is not null)
            {
                r.Error(At("url"), path + ".url", "'url' is for mcp-http connectors; an mcp-stdio connector uses 'command'");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(c.Url))
            {
                r.Error(At("url"), path + ".url", "an mcp-http connector needs 'url' (its Streamable HTTP endpoint)");
            }
            else if (!c.Url.Contains("${", StringComparison.Ordinal) &&
                     (!Uri.TryCreate(c.Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            {
                r.Error(At("url"), path + ".url", $"expected an absolute http(s) URL, got '{c.Url}'");
            }

            if (c.Command is not null)
            {
                r.Error(At("command"), path + ".command", "'command' is for mcp-stdio connectors; an mcp-http connector uses 'url'");
            }
        }

        var values = new List<(string Key, string Value)>();
        values.AddRange(c.Args.Select(a => ("args", a)));
        values.AddRange(c.Env.Select(kv => ("env." + kv.Key, kv.Value)));
        values.AddRange(c.Headers.Select(kv => ("headers." + kv.Key, kv.Value)));
        if (c.Command is not null)
        {
            values.Add(("command", c.Command));
        }

        if (c.Url is not null)
        {
            values.Add(("url", c.Url));
        }

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
