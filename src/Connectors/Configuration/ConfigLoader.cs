using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Loads <c>connectors.yaml</c> into a validated <see cref="GatewayConfig"/>, reporting every error at once.</summary>
public static class ConfigLoader
{
    /// <summary>Loads and validates a file. Throws <see cref="ConfigException"/> listing every error.</summary>
    public static GatewayConfig Load(string path) => Load(path, []);

    /// <summary>Loads and validates a file, with extra checks (rule expressions, ...) that other projects own.</summary>
    public static GatewayConfig Load(string path, IReadOnlyList<IConfigCheck> checks)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = YamlText.ReadFile(full);
        }
        catch (IOException ex)
        {
            throw new ConfigException([new ConfigError(full, "", 0, $"cannot read the file: {ex.Message}")]);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ConfigException([new ConfigError(full, "", 0, $"cannot read the file: {ex.Message}")]);
        }

        return Parse(text, full, checks);
    }

    /// <summary>Parses and validates YAML text. Throws <see cref="ConfigException"/> listing every error.</summary>
    public static GatewayConfig Parse(string yaml, string sourcePath) => Parse(yaml, sourcePath, []);

    /// <summary>Parses and validates YAML text with extra checks. Throws <see cref="ConfigException"/> listing every error.</summary>
    public static GatewayConfig Parse(string yaml, string sourcePath, IReadOnlyList<IConfigCheck> checks)
    {
        var errors = new List<ConfigError>();
        YamlStream stream;
        try
        {
            stream = YamlText.Load(yaml);
        }
        catch (YamlLimitException ex)
        {
            throw new ConfigException([new ConfigError(sourcePath, "", (int)ex.Start.Line, ex.Message)]);
        }
        catch (YamlException ex)
        {
            throw new ConfigException([new ConfigError(sourcePath, "", (int)ex.Start.Line, $"YAML syntax error: {ex.InnerException?.Message ?? ex.Message}")]);
        }

        var reader = new YamlNodeReader(sourcePath, errors);
        var root = stream.Documents.Count == 0 ? null : reader.Mapping(stream.Documents[0].RootNode, "");
        if (root is null)
        {
            errors.Add(new ConfigError(sourcePath, "", 1, "the file is empty; expected 'gateway:' and 'connectors:' sections"));
            throw new ConfigException(errors);
        }

        reader.CheckKeys(root, "", "gateway", "policy", "connectors");
        var server = ServerConfigReader.Read(reader, reader.Mapping(YamlNodeReader.Get(root, "gateway"), "gateway"));
        var connectors = ConnectorConfigReader.ReadAll(reader, YamlNodeReader.Get(root, "connectors"));
        var policy = PolicyConfigReader.Read(reader, reader.Mapping(YamlNodeReader.Get(root, "policy"), "policy"));
        var config = new GatewayConfig { SourcePath = sourcePath, Server = server, Policy = policy, Connectors = connectors };

        ConfigValidator.Validate(config, reader, root);
        foreach (var check in checks)
        {
            check.Check(config, errors);
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return config;
    }
}
