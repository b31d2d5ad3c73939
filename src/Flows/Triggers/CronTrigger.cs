using System.Collections.Concurrent;
using System.Globalization;
using McpGateway.Flows.Definition;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Triggers;

/// <summary>
/// Fires the cron triggers of the enabled, published flows. Each tick is recorded once in the run store (also across
/// replicas) and starts one run (origin CRON, deduplicated by <c>cron:{flowId}:{tick}</c>). Ticks missed while no
/// gateway ran are dropped (<c>skip</c>) or give one run for the latest of them (<c>run_once</c>). Runs act as the
/// trigger's own principal, <c>trigger:cron:{flow}</c> (<see cref="TriggerPrincipal"/>).
/// </summary>
public sealed partial class CronTrigger(FlowService flows, IRunStore runs, FlowEngine engine, CronTriggerOptions options, TimeProvider time, ILogger<CronTrigger> logger)
{
    // Versions are immutable: their compiled trigger and schedule are computed once, not on every poll.
    private readonly FlowDefinitionCache _definitions = new(flows.Limits);
    private readonly ConcurrentDictionary<(string FlowId, int Version), CronSchedule> _schedules = new();

    /// <summary>Calls <see cref="FireDueAsync"/> every poll interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(time.GetUtcNow(), cancellationToken);
                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.FireFailed(logger, ex);
                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
        }
    }

    /// <summary>Starts the runs of the ticks due at <paramref name="now"/>; returns how many runs it started.</summary>
    public async Task<int> FireDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var (flow, version) in await flows.ListToolFlowsAsync(cancellationToken))
        {
            var trigger = _definitions.Get(version).Flow?.Trigger;
            if (trigger is not { Type: "cron", Cron: { } cron })
            {
                continue;
            }

            var schedule = _schedules.GetOrAdd((flow.Id, version.Number), _ => new CronSchedule(cron, trigger.TimeZone));
            var last = await runs.GetLastTickAsync(flow.Id, cancellationToken) ?? flow.UpdatedAt;
            var onTimeFrom = now - options.Grace;
            var from = trigger.Missed == FlowTriggerMissed.RunOnce || last > onTimeFrom ? last : onTimeFrom;
            if (schedule.Latest(from, now) is not { } tick || !await runs.TryRecordTickAsync(flow.Id, tick, cancellationToken))
            {
                continue;
            }

            var result = await engine.StartRunAsync(new RunStart
            {
                Flow = flow.Id,
                Origin = RunOrigins.Cron,
                Inputs = trigger.Inputs?.DeepClone().AsObject(),
                DedupKey = string.Create(CultureInfo.InvariantCulture, $"cron:{flow.Id}:{tick:o}"),
                Key = TriggerPrincipal.Starting(TriggerPrincipal.Cron, flow.Name, now),
            }, cancellationToken);
            if (result.Ok)
            {
                started++;
            }
            else
            {
                Log.StartRefused(logger, flow.Name, tick, result.Error!.Message);
            }
        }

        return started;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Firing cron triggers failed")]
        public static partial void FireFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "The cron tick {Tick} of flow {Flow} started no run: {Reason}")]
        public static partial void StartRefused(ILogger logger, string flow, DateTimeOffset tick, string reason);
    }
}
