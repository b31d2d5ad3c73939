using System.CommandLine;
using System.Globalization;
using McpGateway.Admin;

namespace McpGateway.Cli;

/// <summary><c>mcpgw status</c>: asks a running gateway for its connectors' state.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var url = GatewayClient.UrlOption();
        var key = GatewayClient.KeyOption();
        var command = new Command("status", "Show connectors: state, reason, tool counts (with auth: keys, a key with tools:read)") { config, url, key };
        command.SetAction((result, ct) => RunAsync(result.GetValue(config)!, result.GetValue(url), result.GetValue(key), ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? url, string? key, CancellationToken ct)
    {
        if (url is null)
        {
            var config = ConfigFile.TryLoad(configPath);
            if (config is null)
            {
                return 2;
            }

            url = config.Server.Listen;
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        key ??= Environment.GetEnvironmentVariable("MCPGW_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        GatewayStatus? status;
        try
        {
            using var response = await http.GetAsync("/v1/status", ct);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync(ct);
                await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {Detail(problem)}");
                return 1;
            }

            status = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.GatewayStatus, ct);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the gateway at {url}: {ex.Message}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mcpgw {status!.Version}: {status.Connectors.Count} connectors, {status.Sessions} sessions"));
        CliTable.Write(
            ["CONNECTOR", "KIND", "STATE", "TOOLS", "RESTARTS", "REASON"],
            status.Connectors.Select(c => (IReadOnlyList<string?>)
                [c.Name, c.Kind, c.State, c.Tools.ToString(CultureInfo.InvariantCulture), c.Restarts.ToString(CultureInfo.InvariantCulture), c.Reason]),
            (column, value) => column == 2 ? CliTable.State(value) : null);

        return status.Connectors.All(c => c.State is "connected" or "disabled") ? 0 : 3;
    }

    /// <summary>The ProblemDetails' detail (e.g. "An API key is required ..."), or the body as it is.</summary>
    private static string Detail(string body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return body;
        }
    }
}
