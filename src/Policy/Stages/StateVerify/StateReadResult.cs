using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.StateVerify;

/// <summary>What a state read returned: the state, or why there is none.</summary>
/// <param name="State">The state object, when the read worked.</param>
/// <param name="Problem">Why there is no state.</param>
/// <param name="Tool">The tool that was read.</param>
public sealed record StateReadResult(JsonObject? State, string? Problem, string? Tool)
{
    /// <summary>A successful read.</summary>
    public static StateReadResult Ok(JsonObject state, string tool) => new(state, null, tool);

    /// <summary>A failed read.</summary>
    public static StateReadResult Error(string problem) => new(null, problem, null);
}
