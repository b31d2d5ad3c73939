using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

/// <summary>Validates a flow version's definition document (for file loaders and editors).</summary>
public static class FlowDefinitionValidator
{
    /// <summary>Every error, each naming the step key and the field path; empty when the definition is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonObject definition) => FlowDefinitionParser.Parse(definition).Errors;

    /// <summary>The definition's trigger, or null when it has none or is invalid.</summary>
    public static FlowTrigger? Trigger(JsonObject definition) => FlowDefinitionParser.Parse(definition).Flow?.Trigger;
}
