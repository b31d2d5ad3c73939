using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// Builds a CLI command that talks to a running gateway's REST API: <c>--url</c>, <c>--key</c>, <c>--config</c> (how
/// the gateway is found: <see cref="GatewayClient"/>) and <c>-o table|json|yaml</c> (<see cref="CliOutput"/>).
/// </summary>
internal static class RemoteCommand
{
    /// <summary>A command whose action gets a connected client; the action returns the exit code.</summary>
    public static Command Create(string name, string description, Func<GatewayClient, ParseResult, CancellationToken, Task<int>> action, params Symbol[] symbols)
    {
        var config = GatewayClient.ConfigOption();
        var url = GatewayClient.UrlOption();
        var key = GatewayClient.KeyOption();
        var output = CliOutput.Option();
        var command = new Command(name, description) { config, url, key, output };
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
            using var client = GatewayClient.Create(r.GetValue(config), r.GetValue(url), r.GetValue(key), CliOutput.Parse(r.GetValue(output)));
            return client is null ? ExitCodes.Usage : await action(client, r, ct);
        });
        return command;
    }

    /// <summary>
    /// Sends and writes the answer in the asked format (a table by <paramref name="table"/>, or field and value rows);
    /// a problem is one line on stderr (and the problem document with <c>-o json|yaml</c>). Returns the exit code.
    /// </summary>
    public static async Task<int> PrintAsync(GatewayClient client, HttpMethod method, string path, JsonNode? body, CancellationToken ct, Action<JsonNode>? table = null)
    {
        var (exit, answer) = await client.SendAsync(method, path, body, ct);
        if (exit == ExitCodes.Ok || client.Output != OutputFormat.Table)
        {
            CliOutput.Write(answer, client.Output, table);
        }

        if (exit == ExitCodes.Ok && answer is null && client.Output == OutputFormat.Table)
        {
            Console.WriteLine("Done.");
        }

        return exit;
    }

    public static string Escape(string value) => Uri.EscapeDataString(value);
}
