using System.Text.Json.Serialization;

namespace McpGateway.Policy.Pipeline;

/// <summary>Source-generated JSON for the types Policy writes (traces).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<StageDecision>))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
