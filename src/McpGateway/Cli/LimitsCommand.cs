using System.Globalization;
using System.CommandLine;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary><c>mcpgw limits</c>: the rate limits in force on a running gateway and what each subject uses of them now.</summary>
internal static class LimitsCommand
{
    public static Command Create() =>
        RemoteCommand.Create("limits", "Show policy.limits in force and each subject's use now (with auth: keys, a key with traces:read)", (client, _, ct) =>
            RemoteCommand.PrintAsync(client, HttpMethod.Get, "/v1/limits", null, ct, CliOutput.List("limits", null,
                ("LIMIT", l => CliOutput.Text(l["name"])),
                ("BY", l => CliOutput.Text(l["by"])),
                ("TOOLS", l => l["tools"] is JsonArray { Count: > 0 } tools ? string.Join(",", tools.Select(CliOutput.Text)) : "*"),
                ("REQUESTS", l => l["requests"] is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{l["requests"]}/{l["per_s"]}s")),
                ("CONCURRENT", l => CliOutput.Text(l["concurrent"])),
                ("USE", Use))));

    /// <summary>Each subject's use in one cell: <c>bot: 3 requests, 1 in flight</c>.</summary>
    private static string Use(JsonNode limit) =>
        string.Join("; ", (limit["usage"] as JsonArray ?? []).Where(u => u is not null).Select(u => string.Create(CultureInfo.InvariantCulture,
            $"{CliOutput.Text(u!["subject"])}: {u["requests"]} requests, {u["in_flight"]} in flight")));
}
