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
        var url = new Option<string?>("--url") { Description = "Gateway base URL (default: gateway.listen from the config)" };
        var command = new Command("status", "Show connectors: state, reason, tool counts") { config, url };
        command.SetAction((result, ct) => RunAsync(result.GetValue(config)!, result.GetValue(url), ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? url, CancellationToken ct)
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
        GatewayStatus? status;
        try
        {
            status = await http.GetFromJsonAsync("/v1/status", AdminJsonContext.Default.GatewayStatus, ct);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot reach the gateway at {url}: {ex.Message}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mcpgw {status!.Version}: {status.Connectors.Count} connectors, {status.Sessions} sessions"));
        Console.WriteLine($"{"CONNECTOR",-20} {"KIND",-10} {"STATE",-11} {"TOOLS",5} {"RESTARTS",8}  REASON");
        foreach (var c in status.Connectors)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Name,-20} {c.Kind,-10} {c.State,-11} {c.Tools,5} {c.Restarts,8}  {c.Reason}"));
        }

        return status.Connectors.All(c => c.State is "connected" or "disabled") ? 0 : 3;
    }
}
