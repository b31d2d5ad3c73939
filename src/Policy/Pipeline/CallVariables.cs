using System.Text.Json.Nodes;

namespace McpGateway.Policy.Pipeline;

/// <summary>The variables expressions and templates see for a call: args, tool, connector, agent, env, workflow, action, state.</summary>
public static class CallVariables
{
    /// <summary>Builds the variables; <paramref name="state"/> is the live or supplied state, when there is one.</summary>
    public static JsonObject For(ToolCallContext context, JsonObject? state = null)
    {
        var card = context.Card;
        var vars = new JsonObject
        {
            ["args"] = context.ArgumentsObject.DeepClone(),
            ["tool"] = card?.Name ?? context.ToolName,
            ["connector"] = card?.Connector ?? context.ConnectorScope,
            ["agent"] = context.Caller.Agent,
            ["env"] = context.Caller.Env,
            ["workflow"] = context.Caller.Workflow,
            ["action"] = context.Caller.Action,
        };
        if (state is not null)
        {
            vars["state"] = state.DeepClone();
        }

        return vars;
    }
}
