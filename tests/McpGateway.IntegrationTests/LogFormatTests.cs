using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests;

/// <summary><c>gateway.log_format: json</c> through the real host: <c>mcpgw serve</c> writes one JSON object per log line.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public async Task Serve_LogFormatJson_EachLogLineOneJsonObjectWithLevelCategoryMessageAndEventId()
    {
        var yaml = TestConfigs.Header.Replace("gateway:\n", "gateway:\n  log_format: json\n", StringComparison.Ordinal) + TestConfigs.StdioUpstream("demo");
        await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

        // Besides the log, stdout carries only the "listening URL" line that scripts read.
        var lines = gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("listening ", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonNode.Parse(line) as JsonObject ?? throw new Xunit.Sdk.XunitException("Not a JSON object: " + line)).ToList();
        Assert.All(entries, entry =>
        {
            Assert.False(string.IsNullOrEmpty(entry["LogLevel"]?.GetValue<string>()), entry.ToJsonString());
            Assert.False(string.IsNullOrEmpty(entry["Category"]?.GetValue<string>()), entry.ToJsonString());
            Assert.NotNull(entry["Message"]?.GetValue<string>());
            Assert.NotNull(entry["EventId"]?.GetValue<int>());
        });
        Assert.Contains(entries, entry => entry["Category"]!.GetValue<string>().StartsWith("McpGateway.", StringComparison.Ordinal)
            && entry["EventId"]!.GetValue<int>() != 0);
    }
}
