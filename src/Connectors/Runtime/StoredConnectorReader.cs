using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Runtime;

/// <summary>
/// Reads a connector record sent over REST (or kept in the store) exactly as <c>connectors.yaml</c> reads one: the
/// record is parsed as the file's <c>connectors.{name}</c> entry (JSON is YAML), so the same checks give the same messages.
/// </summary>
internal static class StoredConnectorReader
{
    /// <summary>The connector the record describes. Throws <see cref="ConfigException"/> listing every error with its path.</summary>
    public static ConnectorConfig Read(string name, JsonObject record, string source, IReadOnlyList<IConfigCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(record);
        var document = new JsonObject { ["connectors"] = new JsonObject { [name] = record.DeepClone() } };
        var config = ConfigLoader.Parse(document.ToJsonString(), source, checks);
        return config.Connectors.Count == 1
            ? config.Connectors[0]
            : throw new ConfigException([new ConfigError(source, "connectors." + name, 0, "expected the connector's settings (kind, command or url, ...)")]);
    }

    /// <summary>Reads a stored record's JSON text; see <see cref="Read(string, JsonObject, string, IReadOnlyList{IConfigCheck})"/>.</summary>
    public static ConnectorConfig Read(StoredConnector stored, IReadOnlyList<IConfigCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return JsonNode.Parse(stored.RecordJson) is JsonObject record
            ? Read(stored.Name, record, "store", checks)
            : throw new ConfigException([new ConfigError("store", "connectors." + stored.Name, 0, "the stored record is not a JSON object")]);
    }
}
