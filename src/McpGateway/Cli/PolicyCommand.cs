using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw policy simulate --tool t --args '{...}'</c>: what the gateway would decide, without executing.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var tool = new Option<string>("--tool") { Description = "The tool name", Required = true };
        var args = new Option<string?>("--args") { Description = "The arguments as a JSON object" };
        var context = new Option<string?>("--context") { Description = "Declared context as JSON: agent, env, workflow, action" };
        var simulate = RemoteCommand.Create("simulate", "Answer what would happen to a call, without executing it", async (c, r, ct) =>
        {
            JsonObject body;
            try
            {
                body = new JsonObject
                {
                    ["tool"] = r.GetValue(tool),
                    ["arguments"] = r.GetValue(args) is { } a ? JsonNode.Parse(a) : null,
                    ["context"] = r.GetValue(context) is { } x ? JsonNode.Parse(x) : null,
                };
            }
            catch (System.Text.Json.JsonException ex)
            {
                await Console.Error.WriteLineAsync($"--args and --context must be JSON: {ex.Message}");
                return ExitCodes.Usage;
            }

            return await RemoteCommand.PrintAsync(c, HttpMethod.Post, "/v1/policy/simulate", body, ct);
        }, tool, args, context);
        var command = new Command("policy", "Policy tools");
        command.Subcommands.Add(simulate);
        return command;
    }
}
