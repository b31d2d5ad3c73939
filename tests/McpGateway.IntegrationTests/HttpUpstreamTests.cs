using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>An mcp-http connector in front of TestUpstream running as its own HTTP server process.</summary>
public sealed class HttpUpstreamTests
{
    private const string Connector = "remote";

    /// <summary>The session tests need an upstream with sessions: a 2026-07-28 one has none to lose.</summary>
    private const string SessionRevision = "2025-11-25";

    [Fact]
    public async Task CallTool_HttpUpstream_ListedAndCalledThroughAggregatedEndpoint()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        await using var client = await gateway.ConnectAsync();

        var tools = await client.ListToolsAsync();
        var result = await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = "over http" });

        Assert.Contains(tools, t => t.Name == $"{Connector}__echo");
        Assert.Contains(tools, t => t.Name == $"{Connector}__get_stats");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("over http", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task CallTool_HttpUpstreamRestartedOnSamePort_ReinitializesAndReplays()
    {
        await using var upstream = await UpstreamProcess.StartAsync(protocol: SessionRevision);
        await using var gateway = await StartGatewayAsync(upstream);
        await using var client = await gateway.ConnectAsync();
        var before = await GetStatsAsync(client);
        Assert.NotEqual(true, before.IsError);
        Assert.Equal(upstream.Pid, Pid(before));
        var oldPid = upstream.Pid;

        // The new process has forgotten the gateway's session and answers 404 to it.
        await upstream.RestartAsync();
        var after = await GetStatsAsync(client);

        Assert.True(after.IsError != true, "The first call after the upstream restarted failed: " + Text(after) + "\n" + gateway.Output);
        Assert.NotEqual(oldPid, upstream.Pid);
        Assert.Equal(upstream.Pid, Pid(after));
        await gateway.WaitConnectedAsync(Connector);
    }

    [Fact]
    public async Task CallTool_CallsWhileSessionIsRecreated_AllReplayed()
    {
        await using var upstream = await UpstreamProcess.StartAsync(protocol: SessionRevision);
        await using var gateway = await StartGatewayAsync(upstream);
        await using var client = await gateway.ConnectAsync();

        await upstream.RestartAsync();

        // Spread over the time the gateway needs to re-create its session: a lost session is the gateway's business,
        // so no call in that window may be refused or see the connector's tools missing.
        var calls = new List<Task<string>>();
        for (var i = 0; i < 40; i++)
        {
            calls.Add(EchoOutcomeAsync(client, $"call {i}"));
            await Task.Delay(25);
        }

        var outcomes = await Task.WhenAll(calls);

        var failures = outcomes.Select((outcome, i) => (outcome, i)).Where(x => x.outcome != $"call {x.i}").Select(x => $"call {x.i}: {x.outcome}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls.Count} calls failed while the session was re-created:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task CallTool_HttpUpstreamDown_ReturnsIsErrorAndStatusShowsReason()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var gateway = await StartGatewayAsync(upstream);
        await using var client = await gateway.ConnectAsync();

        upstream.Kill();
        var stopwatch = Stopwatch.StartNew();
        var result = await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = "anyone?" })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        stopwatch.Stop();

        Assert.True(result.IsError, "A call to a dead HTTP upstream did not return isError: " + Text(result));
        Assert.False(string.IsNullOrWhiteSpace(Text(result)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"The call took {stopwatch.Elapsed} to fail.");

        JsonElement status = default;
        await gateway.WaitUntilAsync(async () =>
        {
            status = await gateway.ConnectorStatusAsync(Connector);
            return status.GetProperty("state").GetString() != "connected" &&
                   status.GetProperty("reason").ValueKind == JsonValueKind.String &&
                   !string.IsNullOrWhiteSpace(status.GetProperty("reason").GetString());
        }, "the connector to report it is not connected, with a reason", 60);
        Assert.Contains(status.GetProperty("state").GetString(), new[] { "restarting", "failed" });
        Assert.Equal(0, status.GetProperty("tools").GetInt32());

        // Once the gateway knows, the tool is withdrawn but a call naming it still gets a sentence, not a protocol error.
        var known = await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = "still there?" })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(known.IsError, "A call to a connector known to be down did not return isError: " + Text(known));
        Assert.Contains($"'{Connector}'", Text(known), StringComparison.Ordinal);
    }

    private static async Task<GatewayProcess> StartGatewayAsync(UpstreamProcess upstream) =>
        await GatewayProcess.StartAsync(TestConfigs.Header + TestConfigs.HttpUpstream(Connector, upstream.Endpoint.ToString()), Connector);

    private static async Task<CallToolResult> GetStatsAsync(McpClient client) =>
        await client.CallToolAsync($"{Connector}__get_stats", new Dictionary<string, object?>());

    /// <summary>The echoed text, or a description of how the call failed.</summary>
    private static async Task<string> EchoOutcomeAsync(McpClient client, string text)
    {
        try
        {
            var result = await client.CallToolAsync($"{Connector}__echo", new Dictionary<string, object?> { ["text"] = text });
            return result.IsError == true ? "isError: " + Text(result) : Text(result);
        }
        catch (McpException ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static int Pid(CallToolResult stats) => stats.StructuredContent!.Value.GetProperty("pid").GetInt32();

    private static string Text(CallToolResult result) =>
        string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
