using System.Text.Json.Serialization;

namespace McpGateway.Connectors.Connections;

/// <summary>Source-generated JSON for sealed connection values (a flat map of field to string).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ConnectionsJsonContext : JsonSerializerContext;
