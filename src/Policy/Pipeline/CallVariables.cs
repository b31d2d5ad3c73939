using System.Text.Json.Nodes;

namespace McpGateway.Policy.Pipeline;

/// <summary>The variables expressions and templates see for a call: args, tool, connector, card, agent, env, workflow, action.</summary>
internal static class CallVariables
{
    /// <summary>Builds the variables (<see cref="ToolCallContext.Variables"/> builds them once per call).</summary>
    public static JsonObject For(ToolCallContext context)
    {
        var card = context.Card;
        var vars = new JsonObject
        {
            ["args"] = context.ArgumentsObject.DeepClone(),
            ["tool"] = card?.Name ?? context.ToolName,
            ["connector"] = card?.Connector ?? context.ConnectorScope,
            ["card"] = card is null ? null : CardVariables.For(card),
            ["agent"] = context.Caller.Agent,
            ["env"] = context.Caller.Env,
            ["workflow"] = context.Caller.Workflow,
            ["action"] = context.Caller.Action,
        };
        return vars;
    }
}
