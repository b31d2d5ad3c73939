using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw policy simulate --tool t --args '{...}'</c>: what the gateway would decide, without executing.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var url = GatewayClient.UrlOption();
        var key = GatewayClient.KeyOption();
        var tool = new Option<string>("--tool") { Description = "The tool name", Required = true };
        var args = new Option<string?>("--args") { Description = "The arguments as a JSON object" };
        var context = new Option<string?>("--context") { Description = "Declared context as JSON: agent, env, workflow, action" };
        var simulate = new Command("simulate", "Answer what would happen to a call, without executing it") { config, url, key, tool, args, context };
        simulate.SetAction(async (r, ct) =>
        {
            using var client = GatewayClient.Create(r.GetValue(config)!, r.GetValue(url), r.GetValue(key));
            if (client is null)
            {
                return 2;
            }

            var body = new JsonObject
            {
                ["tool"] = r.GetValue(tool),
                ["arguments"] = r.GetValue(args) is { } a ? JsonNode.Parse(a) : null,
                ["context"] = r.GetValue(context) is { } c ? JsonNode.Parse(c) : null,
            };
            var (exit, answer) = await client.SendAsync(HttpMethod.Post, "/v1/policy/simulate", body, ct);
            if (answer is not null)
            {
                Console.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            return exit;
        });
        var command = new Command("policy", "Policy tools");
        command.Subcommands.Add(simulate);
        return command;
    }
}
