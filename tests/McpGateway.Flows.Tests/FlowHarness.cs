using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Sealing;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Flows.Tests.Fakes;
using McpGateway.Flows.Triggers;
using McpGateway.Policy.Stages.Approval;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Flows.Tests;

/// <summary>Stores, a fake clock and tools, the flow service and engines over them.</summary>
internal sealed class FlowHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<FlowEngine> _engines = [];

    public FlowHarness(FlowLimits? limits = null)
    {
        Limits = limits ?? FlowLimits.Default;
        Service = new FlowService(Flows, Time, new WebhookSecrets(new SecretCipher(MasterKey.FromBytes(new byte[MasterKey.Size]))), Limits);
        Approvals = new ApprovalService(ApprovalStore, null!, null!, null!, Time, "test-instance");
    }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The limits of the service and of every engine.</summary>
    public FlowLimits Limits { get; }

    public InMemoryFlowStore Flows { get; } = new();

    public InMemoryRunStore Runs { get; } = new();

    public FakeApprovalStore ApprovalStore { get; } = new();

    public FakeToolInvoker Tools { get; } = new();

    public ApprovalService Approvals { get; }

    public FlowService Service { get; }

    public ConcurrentQueue<RunEvent> Events { get; } = new();

    public FlowEngine Engine => _engines[^1];

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A started engine (the newest is <see cref="Engine"/>).</summary>
    public FlowEngine NewEngine(int maxConcurrentRuns = 4, string instance = "engine-1")
    {
        var options = new FlowEngineOptions { MaxConcurrentRuns = maxConcurrentRuns, InstanceId = instance, PollInterval = TimeSpan.FromMilliseconds(20), Limits = Limits };
        var engine = new FlowEngine(Flows, Runs, ApprovalStore, Tools, options, Time, NullLogger<FlowEngine>.Instance, Approvals);
        engine.RunChanged += Events.Enqueue;
        engine.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _engines.Add(engine);
        return engine;
    }

    /// <summary>Creates a flow with the definition, publishes version 1 and enables it.</summary>
    public async Task<FlowRecord> PublishAsync(string name, string definition)
    {
        var created = await Service.CreateFlowAsync(new FlowDraft { Name = name, Definition = Json(definition) }, CancellationToken.None);
        Assert.True(created.Ok, created.Error?.Message);
        var version = await Service.GetVersionAsync(name, "latest", CancellationToken.None);
        Assert.True(version.Value!.Valid, string.Join("\n", version.Value.Errors));
        var published = await Service.ApplyAsync(name, new FlowOperation { Type = "publish" }, CancellationToken.None);
        Assert.True(published.Ok, published.Error?.Message);
        return (await Service.ApplyAsync(name, new FlowOperation { Type = "enable" }, CancellationToken.None)).Value!;
    }

    public async Task<FlowRun> StartAsync(string flow, string? inputs = null, string? version = null)
    {
        var result = await Engine.StartRunAsync(new RunStart { Flow = flow, Origin = RunOrigins.Api, Inputs = inputs is null ? null : Json(inputs), Version = version },
            CancellationToken.None);
        Assert.True(result.Ok, result.Error?.Message + " " + string.Join("; ", result.Error?.Errors ?? []));
        return result.Run!;
    }

    /// <summary>Starts a run and waits until it is terminal or paused; the fake clock stands still.</summary>
    public async Task<FlowRun> RunAsync(string flow, string? inputs = null)
    {
        var run = await StartAsync(flow, inputs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await Engine.WaitAsync(run.Id, timeout.Token);
    }

    /// <summary>Starts a run and waits until it is terminal or paused, the fake clock moving meanwhile (<see cref="DriveAsync"/>).</summary>
    public async Task<FlowRun> RunWhileTimePassesAsync(string flow, string? inputs = null)
    {
        var run = await StartAsync(flow, inputs);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await DriveAsync(Engine.WaitAsync(run.Id, timeout.Token));
    }

    /// <summary>
    /// Awaits <paramref name="task"/> while moving the fake clock on in poll-interval steps: the engine's delays (retry
    /// backoff, waits for a connector or an unknown outcome, attempt timeouts, store polls) are timers on that clock, so
    /// they elapse only as it moves. Bounded by the task's own real-time cancellation.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        await DriveAsync((Task)task);
        return await task;
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T})"/>
    public async Task DriveAsync(Task task)
    {
        while (!task.IsCompleted)
        {
            Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.WhenAny(task, Task.Delay(5)); // let the engine act on each step before the clock moves again
        }

        await task;
    }

    /// <summary>Waits (real time, bounded) until the run satisfies the condition.</summary>
    public async Task<FlowRun> WaitForAsync(string runId, Func<FlowRun, bool> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await Runs.GetRunAsync(runId, CancellationToken.None);
            if (run is not null && condition(run))
            {
                return run;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Run {runId} did not get there; it is {run?.Status} ({run?.Error}).");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Moves the fake clock on in poll-interval steps until the engine's poller has made one more pass, so a test can
    /// say what a pass did (or did not) pick up without sleeping.
    /// </summary>
    public async Task PollOnceAsync(int seconds = 20)
    {
        var before = Runs.RunnablePolls;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (Runs.RunnablePolls <= before)
        {
            Assert.True(DateTime.UtcNow < until, "The engine's poller made no pass.");
            Time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(5); // let the poller run before the clock moves again; the loop waits on its pass, not on time
        }
    }

    public Task<FlowRun> WaitForStatusAsync(string runId, string status, int seconds = 20) => WaitForAsync(runId, r => r.Status == status, seconds);

    public async Task<NodeExecution> NodeAsync(string runId, string step, int iteration = 0) =>
        (await Runs.ListNodesAsync(runId, CancellationToken.None)).Single(n => n.StepKey == step && n.Iteration == iteration);

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }
    }
}
