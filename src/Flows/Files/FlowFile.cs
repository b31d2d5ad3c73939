using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Flows.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace McpGateway.Flows.Files;

/// <summary>
/// The flow file format (<c>flows/*.yaml</c>, <c>mcpgw flows import|export</c>): the flow's own fields (name,
/// description, folder, tags, status, publish) beside its definition (inputs, trigger, timeout, steps, output).
/// </summary>
public static class FlowFile
{
    /// <summary>The keys that belong to the flow, not to a version's definition.</summary>
    public static readonly IReadOnlyList<string> FlowKeys = ["name", "external_id", "description", "folder", "tags", "status", "publish"];

    /// <summary>Parses a YAML (or JSON) flow file into its document, within <see cref="YamlLimits"/>.</summary>
    /// <exception cref="FormatException">The text is not YAML, is over a limit (size, nesting, aliases), or is not a mapping at the top.</exception>
    public static JsonObject Parse(string text)
    {
        YamlStream stream;
        try
        {
            stream = YamlText.Load(text);
        }
        catch (YamlException ex)
        {
            throw new FormatException(ex.Start.Line > 0 ? $"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}" : ex.Message, ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new FormatException("a flow file must be a mapping with at least 'name' and 'steps'.");
        }

        return YamlJson.FromMapping(map);
    }

    /// <summary>The definition part of a document (everything but <see cref="FlowKeys"/>).</summary>
    public static JsonObject Definition(JsonObject document)
    {
        var definition = new JsonObject();
        foreach (var (key, value) in document)
        {
            if (!FlowKeys.Contains(key))
            {
                definition[key] = value?.DeepClone();
            }
        }

        return definition;
    }

    /// <summary>A document for export: the flow's fields, then the version's definition.</summary>
    public static JsonObject Document(FlowRecord flow, string? folderName, FlowVersion version)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(version);
        var document = new JsonObject { ["name"] = flow.Name };
        if (flow.ExternalId is not null)
        {
            document["external_id"] = flow.ExternalId;
        }

        if (flow.Description is not null)
        {
            document["description"] = flow.Description;
        }

        if (folderName is not null)
        {
            document["folder"] = folderName;
        }

        if (flow.Tags.Count > 0)
        {
            document["tags"] = new JsonArray(flow.Tags.Select(t => (JsonNode?)t).ToArray());
        }

        document["status"] = flow.Status;
        document["publish"] = flow.PublishedVersion == version.Number;
        foreach (var (key, value) in version.Definition)
        {
            document[key] = value?.DeepClone();
        }

        return document;
    }

    /// <summary>Writes a document as YAML; strings that would read back as another type are quoted.</summary>
    public static string ToYaml(JsonObject document)
    {
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();
        return serializer.Serialize(ToPlain(document));
    }

    /// <summary>A JSON node as plain values (dictionaries, lists, strings, numbers, booleans) for a YAML serializer.</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(v.ToJsonString()),
            _ => null,
        },
        _ => null,
    };

    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
