using System.Text.Json.Serialization;

namespace McpGateway.Admin;

/// <summary>Source-generated JSON for the admin API (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GatewayStatus))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
