using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Secrets;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw connections list|set|delete</c> against a running gateway (it holds the master key). <c>set</c> reads the
/// value from stdin or <c>--value-file</c>, never from a flag: argv is visible to every user in <c>ps</c> and lands in
/// shell history.
/// </summary>
internal static class ConnectionsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("connections", "Manage encrypted connections (credentials referenced as ${secret:name} in connectors.yaml)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command List()
    {
        var (config, url, key) = (CliOptions.Config(), GatewayClient.UrlOption(), GatewayClient.KeyOption());
        var command = new Command("list", "List connections: names, types and field names, never values") { config, url, key };
        command.SetAction((r, ct) => SendAsync(r.GetValue(config)!, r.GetValue(url), r.GetValue(key), HttpMethod.Get, "/v1/connections", null, ct));
        return command;
    }

    private static Command Set()
    {
        var (config, url, key) = (CliOptions.Config(), GatewayClient.UrlOption(), GatewayClient.KeyOption());
        var name = new Argument<string>("name") { Description = "The connection's name (lower-case slug)" };
        var type = new Option<string>("--type") { Description = $"One of {string.Join(", ", ConnectionTypes.All)}", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "A human label" };
        var valueFile = new Option<string?>("--value-file")
        {
            Description = "Read the value from this file instead of stdin. The value is a JSON object with the type's fields " +
                "(SECRET_TEXT also takes the bare secret). There is deliberately no --value flag: command lines are visible in ps and shell history.",
        };
        var command = new Command("set", "Create or replace a connection; the value is read from stdin or --value-file") { config, url, key, name, type, displayName, valueFile };
        command.SetAction(async (r, ct) =>
        {
            var path = r.GetValue(valueFile);
            var text = path is null ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            var value = ParseValue(r.GetValue(type)!, text);
            if (value is null)
            {
                await Console.Error.WriteLineAsync("The value must be a JSON object with the type's fields, e.g. {\"username\": \"…\", \"password\": \"…\"}.");
                return 2;
            }

            var body = new JsonObject { ["type"] = r.GetValue(type), ["value"] = value, ["display_name"] = r.GetValue(displayName) };
            return await SendAsync(r.GetValue(config)!, r.GetValue(url), r.GetValue(key), HttpMethod.Put, "/v1/connections/" + Uri.EscapeDataString(r.GetValue(name)!), body, ct);
        });
        return command;
    }

    private static Command Delete()
    {
        var (config, url, key) = (CliOptions.Config(), GatewayClient.UrlOption(), GatewayClient.KeyOption());
        var name = new Argument<string>("name") { Description = "The connection's name" };
        var command = new Command("delete", "Delete a connection") { config, url, key, name };
        command.SetAction((r, ct) => SendAsync(r.GetValue(config)!, r.GetValue(url), r.GetValue(key), HttpMethod.Delete, "/v1/connections/" + Uri.EscapeDataString(r.GetValue(name)!), null, ct));
        return command;
    }

    /// <summary>A JSON object as given; for SECRET_TEXT, anything else is the bare secret (one trailing newline dropped).</summary>
    private static JsonObject? ParseValue(string type, string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                return o;
            }
        }
        catch (JsonException)
        {
        }

        return type == ConnectionTypes.SecretText ? new JsonObject { ["secret"] = text.EndsWith('\n') ? text.TrimEnd('\n').TrimEnd('\r') : text } : null;
    }

    private static async Task<int> SendAsync(string configPath, string? url, string? key, HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var client = GatewayClient.Create(configPath, url, key);
        if (client is null)
        {
            return 2;
        }

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
}
