namespace McpGateway.IntegrationTests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_WithOpenSession_ExitsCleanlyAndStopsUpstreams()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var client = await gateway.ConnectAsync();
        var upstreamPid = (await client.CallToolAsync("demo__get_stats", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("pid").GetInt32();

        var exitCode = await gateway.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Unhandled exception", gateway.Output, StringComparison.Ordinal);
        await gateway.WaitUntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{upstreamPid}")), "the upstream child to exit", 15);
        await Assert.ThrowsAnyAsync<Exception>(async () => await client.ListToolsAsync());
        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Sigterm_DuringCall_CallIsClosedInTheJournalNotLeftOpen()
    {
        await using var gateway = await GatewayProcess.StartAsync(TestConfigs.WithDemo(), "demo");
        var client = await gateway.ConnectAsync();
        _ = client.CallToolAsync("demo__sleep", new Dictionary<string, object?> { ["ms"] = 60_000 }).AsTask();
        await gateway.WaitUntilAsync(async () => (await JournalTests.ReadRowsAsync(gateway, "demo__sleep")).Any(r => r.Status == "running"), "the call to start");

        Assert.Equal(0, await gateway.TerminateAsync(TimeSpan.FromSeconds(30)));

        var row = Assert.Single(await JournalTests.ReadRowsAsync(gateway, "demo__sleep"));
        Assert.NotEqual("running", row.Status);
    }
}
