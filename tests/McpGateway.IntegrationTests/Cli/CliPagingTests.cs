using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Cli;

/// <summary>List commands page with <c>--limit</c>/<c>--cursor</c>: a table ends with the next page's <c>--cursor</c>, which reads the rest.</summary>
public sealed class CliPagingTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private string Url => Gateway.BaseUrl.ToString();

    [Fact]
    public async Task ToolsList_LimitThenPrintedCursor_WalksEveryToolOnce()
    {
        var (_, api) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/tools?limit=500");
        var expected = api["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

        var seen = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            string[] args = cursor is null
                ? ["tools", "list", "--limit", "3", "--url", Url]
                : ["tools", "list", "--limit", "3", "--cursor", cursor, "--url", Url];
            var run = await CliRunner.RunAsync(Gateway.Dir, args);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var more = lines.FirstOrDefault(l => l.StartsWith("more: --cursor ", StringComparison.Ordinal));
            seen.AddRange(lines.Skip(1).Where(l => l != more).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
            cursor = more?["more: --cursor ".Length..].Trim();
            if (cursor is null)
            {
                break;
            }
        }

        Assert.True(expected.Count > 3);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task RunsList_BadLimit_FailsNamingTheRange()
    {
        var run = await CliRunner.RunAsync(Gateway.Dir, "runs", "list", "--limit", "0", "--url", Url);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("from 1 to 500", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }
}
