using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Flows.Tests.Triggers;

public sealed class CronTriggerTests : IAsyncLifetime
{
    private readonly FlowHarness _h = new();

    public Task InitializeAsync()
    {
        _h.NewEngine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private CronTrigger Trigger() =>
        new(_h.Service, _h.Runs, _h.Engine, new CronTriggerOptions { Grace = TimeSpan.FromSeconds(10) }, _h.Time, NullLogger<CronTrigger>.Instance);

    private Task<FlowRecord> PublishAsync(string missed) => _h.PublishAsync("tick", $$$"""
        {"trigger":{"type":"cron","cron":"0 * * * * ?","missed":"{{{missed}}}","inputs":{"from":"cron"}},
         "steps":[{"key":"a","type":"transform","value":"{{ inputs.from }}"}]}
        """);

    [Fact]
    public async Task FireDueAsync_SameTickTwice_OneRun()
    {
        await PublishAsync(FlowTriggerMissed.Skip);
        var now = FlowHarness.Start.AddSeconds(61);

        var first = await Trigger().FireDueAsync(now, CancellationToken.None);
        var second = await Trigger().FireDueAsync(now.AddSeconds(1), CancellationToken.None);

        Assert.Equal((1, 0), (first, second));
        var run = Assert.Single(_h.Runs.All());
        Assert.Equal(RunOrigins.Cron, run.Origin);
        Assert.Equal($"cron:{run.FlowId}:{FlowHarness.Start.AddMinutes(1):o}", run.DedupKey);
        Assert.Equal("cron", run.Inputs!["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task FireDueAsync_EachNewTick_OneRunEach()
    {
        await PublishAsync(FlowTriggerMissed.Skip);

        await Trigger().FireDueAsync(FlowHarness.Start.AddSeconds(61), CancellationToken.None);
        await Trigger().FireDueAsync(FlowHarness.Start.AddSeconds(121), CancellationToken.None);

        Assert.Equal(2, _h.Runs.All().Count);
    }

    [Theory]
    [InlineData(FlowTriggerMissed.Skip, 0)]
    [InlineData(FlowTriggerMissed.RunOnce, 1)]
    public async Task FireDueAsync_AfterAGap_SkipNoneRunOnceOneForTheLatestTick(string missed, int runs)
    {
        await PublishAsync(missed);

        var started = await Trigger().FireDueAsync(FlowHarness.Start.AddMinutes(10).AddSeconds(30), CancellationToken.None);

        Assert.Equal(runs, started);
        Assert.All(_h.Runs.All(), r => Assert.EndsWith($":{FlowHarness.Start.AddMinutes(10):o}", r.DedupKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FireDueAsync_DisabledFlow_NoRun()
    {
        await PublishAsync(FlowTriggerMissed.Skip);
        await _h.Service.ApplyAsync("tick", new FlowOperation { Type = "disable" }, CancellationToken.None);

        Assert.Equal(0, await Trigger().FireDueAsync(FlowHarness.Start.AddSeconds(61), CancellationToken.None));
    }

    [Fact]
    public void CronSchedule_TimeZone_FiresAtLocalTime()
    {
        var schedule = new CronSchedule("0 0 9 * * ?", "Europe/Paris");

        var next = schedule.Next(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }
}
