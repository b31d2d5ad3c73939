using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace McpGateway.Cli;

/// <summary>
/// The one output contract of list and show commands: <c>-o table</c> (the default, on a terminal and piped alike, as
/// kubectl and gh do), <c>-o json</c> (the REST answer, indented, with no <c>\u002B</c>-style escapes) or <c>-o yaml</c>.
/// </summary>
internal static class CliOutput
{
    /// <summary>Indented JSON that writes <c>+</c>, <c>&lt;</c>, <c>'</c> and non-ASCII text as they are.</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();

    public static Option<string> Option() => new Option<string>("--output", "-o")
    {
        Description = "Output format: table, json or yaml",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json", "yaml");

    public static OutputFormat Parse(string? value) => value switch
    {
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };

    /// <summary>Writes <paramref name="body"/> as JSON or YAML, or as a table with <paramref name="table"/> (default: field and value rows).</summary>
    public static void Write(JsonNode? body, OutputFormat format, Action<JsonNode>? table = null)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Console.WriteLine(body is null ? "null" : body.ToJsonString(Json));
                break;
            case OutputFormat.Yaml:
                Console.Write(Yaml.Serialize(Flows.Files.FlowFile.ToPlain(body)));
                break;
            default:
                if (body is not null)
                {
                    (table ?? Fields)(body);
                }

                break;
        }
    }

    /// <summary>A table with one column per (header, cell) over the array <paramref name="property"/> of the body; <paramref name="stateColumn"/> is coloured.</summary>
    public static Action<JsonNode> List(string? property, int? stateColumn, params (string Header, Func<JsonNode, string?> Cell)[] columns) => body =>
        CliTable.Write(
            columns.Select(c => c.Header).ToList(),
            ((property is null ? body : body[property]) as JsonArray ?? []).Where(item => item is not null)
                .Select(item => (IReadOnlyList<string?>)columns.Select(c => c.Cell(item!)).ToList()),
            (column, value) => column == stateColumn ? CliTable.State(value) : null);

    /// <summary>
    /// A table of one page of a list (<c>{data, next}</c>), then, when another page follows, the <c>--cursor</c> that
    /// reads it.
    /// </summary>
    public static Action<JsonNode> Page(int? stateColumn, params (string Header, Func<JsonNode, string?> Cell)[] columns) => body =>
    {
        List("data", stateColumn, columns)(body);
        if (body["next"] is JsonValue next && next.GetValueKind() == JsonValueKind.String)
        {
            Console.WriteLine($"more: --cursor {next.GetValue<string>()}");
        }
    };

    /// <summary>A FIELD / VALUE table of an object's properties (nested values as one-line JSON).</summary>
    public static void Fields(JsonNode body)
    {
        if (body is not JsonObject o)
        {
            Console.WriteLine(Text(body));
            return;
        }

        CliTable.Write(["FIELD", "VALUE"], o.Select(p => (IReadOnlyList<string?>)[p.Key, Text(p.Value)]), (column, value) => column == 1 ? CliTable.State(value) : null);
    }

    /// <summary>A value as a cell: strings as they are, anything else as one-line JSON, null as empty.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(Compact),
    };
}
