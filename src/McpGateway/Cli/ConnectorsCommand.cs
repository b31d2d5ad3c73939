using System.CommandLine;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams.OpenApi;
using McpGateway.Policy.Configuration;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw connectors add-openapi NAME --spec FILE|URL --base-url URL</c>: reads the spec, lists the tools it would
/// create, and adds the connector to connectors.yaml (the file's other content and comments stay as they are). A running
/// gateway picks the change up through its reload.
/// </summary>
internal static class ConnectorsCommand
{
    public static Command Create()
    {
        var command = new Command("connectors", "Add connectors to connectors.yaml");
        command.Subcommands.Add(AddOpenApi());
        return command;
    }

    private static Command AddOpenApi()
    {
        var config = CliOptions.Config();
        var output = CliOutput.Option();
        var name = new Argument<string>("name") { Description = "The connector's name (lower-case letters, digits, dashes; it prefixes its tools)" };
        var spec = new Option<string>("--spec") { Description = "The OpenAPI 3.x document: a file or an http(s) URL", Required = true };
        var baseUrl = new Option<string>("--base-url") { Description = "The API's base URL; each operation's path is appended", Required = true };
        var bearer = new Option<string?>("--bearer-connection") { Description = "Authenticate with the bearer token of this connection (${secret:NAME})" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the tools only; change nothing" };
        var command = new Command("add-openapi", "Add an openapi connector (each operation a tool) and list its tools") { config, output, name, spec, baseUrl, bearer, dryRun };
        command.SetAction(async (r, ct) =>
        {
            var path = Path.GetFullPath(r.GetValue(config)!);
            var connector = r.GetValue(name)!;
            var specValue = r.GetValue(spec)!;
            var text = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : "";
            var current = text.Length > 0 ? ConfigFile.TryLoad(path) : null;
            if (text.Length > 0 && current is null)
            {
                return ExitCodes.Usage;
            }

            if (current?.Connectors.Any(c => c.Name == connector) == true)
            {
                await Console.Error.WriteLineAsync($"{path}: a connector named '{connector}' exists already; pick another name or edit the file.");
                return ExitCodes.Usage;
            }

            // A file is written relative to the config's folder, as the gateway reads it.
            var configDir = Path.GetDirectoryName(path)!;
            var written = OpenApiSpecLoader.IsUrl(specValue) ? specValue : Path.GetRelativePath(configDir, Path.GetFullPath(specValue));
            IReadOnlyList<OpenApiEndpoint> endpoints;
            try
            {
                endpoints = OpenApiToolBuilder.Build(await OpenApiSpecLoader.LoadAsync(written, configDir, ct));
            }
            catch (OpenApiSpecException ex)
            {
                await Console.Error.WriteLineAsync($"{specValue}: {ex.Message}");
                return ExitCodes.Usage;
            }

            CliOutput.Write(Describe(connector, endpoints), CliOutput.Parse(r.GetValue(output)), CliOutput.List("tools", null,
                ("TOOL", t => CliOutput.Text(t["name"])), ("OPERATION", t => CliOutput.Text(t["operation"])),
                ("READ-ONLY", t => CliOutput.Text(t["read_only"])), ("IDEMPOTENT", t => CliOutput.Text(t["idempotent"]))));
            if (r.GetValue(dryRun))
            {
                return ExitCodes.Ok;
            }

            List<string> entry = [$"{connector}:", "  kind: openapi", "  spec: " + ConnectorsYamlEdit.Quote(written), "  base_url: " + ConnectorsYamlEdit.Quote(r.GetValue(baseUrl)!)];
            if (r.GetValue(bearer) is { } connection)
            {
                entry.Add("  auth: { type: bearer, token: " + ConnectorsYamlEdit.Quote("${secret:" + connection + "}") + " }");
            }

            var updated = ConnectorsYamlEdit.Add(text, entry);
            try
            {
                ConfigLoader.Parse(updated, path, [new PolicyConfigCheck()]);
            }
            catch (ConfigException ex)
            {
                await Console.Error.WriteLineAsync("Not written; the file would not load:\n" + ex.Message);
                return ExitCodes.Usage;
            }

            await File.WriteAllTextAsync(path, updated, ct);
            await Console.Error.WriteLineAsync($"Added connector '{connector}' ({endpoints.Count} tools) to {path}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject Describe(string connector, IReadOnlyList<OpenApiEndpoint> endpoints) => new()
    {
        ["connector"] = connector,
        ["tools"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = connector + "__" + e.Tool.Name,
            ["operation"] = $"{e.Method.Method} {e.Path}",
            ["read_only"] = e.Tool.Annotations?.ReadOnlyHint == true,
            ["idempotent"] = e.Tool.Annotations?.IdempotentHint == true,
            ["description"] = e.Tool.Description,
        }).ToArray()),
    };
}
