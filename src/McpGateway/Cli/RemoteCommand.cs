using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>Builds a CLI command that talks to a running gateway's admin API (<c>--config</c>, <c>--url</c>, <c>--key</c>).</summary>
internal static class RemoteCommand
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A command whose action gets a connected client; the action returns the exit code.</summary>
    public static Command Create(string name, string description, Func<GatewayClient, ParseResult, CancellationToken, Task<int>> action, params Symbol[] symbols)
    {
        var config = CliOptions.Config();
        var url = GatewayClient.UrlOption();
        var key = GatewayClient.KeyOption();
        var command = new Command(name, description) { config, url, key };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        command.SetAction(async (r, ct) =>
        {
            using var client = GatewayClient.Create(r.GetValue(config)!, r.GetValue(url), r.GetValue(key));
            return client is null ? 2 : await action(client, r, ct);
        });
        return command;
    }

    /// <summary>Sends and prints the JSON answer indented (a problem too); "Done." for a success without a body.</summary>
    public static async Task<int> PrintAsync(GatewayClient client, HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        var (exit, answer) = await client.SendAsync(method, path, body, ct);
        if (answer is not null)
        {
            Console.WriteLine(answer.ToJsonString(Indented));
        }
        else if (exit == 0)
        {
            Console.WriteLine("Done.");
        }

        return exit;
    }

    public static string Escape(string value) => Uri.EscapeDataString(value);
}
