using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads typed values from YAML nodes, adding an error with path and line for each bad value.</summary>
internal sealed class YamlNodeReader(string file, List<ConfigError> errors)
{
    public void Error(YamlNode? node, string path, string message) =>
        errors.Add(new ConfigError(file, path, node is null ? 0 : (int)node.Start.Line, message));

    public YamlMappingNode? Mapping(YamlNode? node, string path)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return map;
        }

        Error(node, path, "expected a mapping (key: value pairs)");
        return null;
    }

    /// <summary>Reports keys that are not in <paramref name="allowed"/>, suggesting the closest one.</summary>
    public void CheckKeys(YamlMappingNode map, string path, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var suffix = Suggestions.Closest(name, allowed) is { } hint ? $"; did you mean '{hint}'?" : $"; allowed: {string.Join(", ", allowed)}";
                Error(key, Join(path, name), $"unknown key '{name}'{suffix}");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlMappingNode? map, string key, string path)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Error(node, Join(path, key), "expected a string");
        return null;
    }

    public bool? Bool(YamlMappingNode? map, string key, string path)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(Get(map, key), Join(path, key), $"expected true or false, got '{text}'");
        return null;
    }

    public long? Integer(YamlMappingNode? map, string key, string path, long min, long max)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(Get(map, key), Join(path, key), $"expected a whole number from {min} to {max}, got '{text}'");
        return null;
    }

    public TimeSpan? Duration(YamlMappingNode? map, string key, string path)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return null;
        }

        if (ConfigValues.TryParseDuration(text, out var value))
        {
            return value;
        }

        Error(Get(map, key), Join(path, key), $"expected a duration like 250ms, 30s, 5m or 1h, got '{text}'");
        return null;
    }

    public long? Size(YamlMappingNode? map, string key, string path)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return null;
        }

        if (ConfigValues.TryParseSize(text, out var value))
        {
            return value;
        }

        Error(Get(map, key), Join(path, key), $"expected a size like 512KB, 4MB or a number of bytes, got '{text}'");
        return null;
    }

    public IReadOnlyList<string>? StringList(YamlMappingNode? map, string key, string path)
    {
        var node = Get(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, Join(path, key), "expected a list of strings");
            return null;
        }

        var list = new List<string>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is YamlScalarNode { Value: { } value })
            {
                list.Add(value);
            }
            else
            {
                Error(seq.Children[i], $"{Join(path, key)}[{i}]", "expected a string");
            }
        }

        return list;
    }

    public IReadOnlyDictionary<string, string>? StringMap(YamlMappingNode? map, string key, string path)
    {
        var node = Get(map, key);
        var inner = Mapping(node, Join(path, key));
        if (inner is null)
        {
            return null;
        }

        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in inner.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            if (v is YamlScalarNode { Value: { } value })
            {
                dict[name] = value;
            }
            else
            {
                Error(v, Join(Join(path, key), name), "expected a string value");
            }
        }

        return dict;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) };
}
