using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>The README's JSON logs: <c>Logging__Console__FormatterName=json</c> makes every gateway log entry one JSON object per line.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Serve_JsonFormatter_EveryEntryIsOneJsonObjectPerLine()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(),
            new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" }, "demo");
        await Rest.CallAsync(gateway, "demo__echo", new JsonObject { ["text"] = "logged" });

        var entries = gateway.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        Assert.Contains(entries, e => e["Category"]?.GetValue<string>()?.StartsWith("McpGateway", StringComparison.Ordinal) == true && e["LogLevel"] is not null);
        Assert.DoesNotContain(gateway.Output.Split('\n'), l => l.StartsWith("info: ", StringComparison.Ordinal) || l.StartsWith("warn: ", StringComparison.Ordinal));
    }
}
