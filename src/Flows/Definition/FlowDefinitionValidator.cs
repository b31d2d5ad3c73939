using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

/// <summary>Validates a flow version's definition document (for file loaders and editors).</summary>
internal static class FlowDefinitionValidator
{
    /// <summary>Every error, each naming the step key and the field path; empty when the definition is valid (default limits).</summary>
    public static IReadOnlyList<string> Validate(JsonObject definition) => Validate(definition, FlowLimits.Default);

    /// <summary>Every error, each naming the step key and the field path; empty when the definition is valid within <paramref name="limits"/>.</summary>
    public static IReadOnlyList<string> Validate(JsonObject definition, FlowLimits limits) => FlowDefinitionParser.Parse(definition, limits).Errors;

    /// <summary>The definition's trigger, or null when it has none or is invalid.</summary>
    public static FlowTrigger? Trigger(JsonObject definition) => FlowDefinitionParser.Parse(definition, FlowLimits.Default).Flow?.Trigger;
}
