namespace McpGateway.Flows.Execution;

public sealed partial class FlowEngine
{
    /// <summary>
    /// The poller and heartbeat: picks up runnable runs from the store (left by a crash, lapsed leases of another
    /// replica, woken delays, rechecks), renews the leases of runs executing here, and notices cancel requests made
    /// on another replica.
    /// </summary>
    private async Task MaintainAsync()
    {
        var lastRenew = _time.GetUtcNow();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (now - lastRenew >= _options.LeaseDuration / 3)
                {
                    lastRenew = now;
                    await HeartbeatAsync(now);
                }

                var room = _options.MaxConcurrentRuns * 2 - _queued.Count;
                if (room > 0)
                {
                    foreach (var run in await _runs.ListRunnableAsync(now, room, _stop.Token))
                    {
                        Enqueue(run.Id);
                    }
                }

                await Task.Delay(_options.PollInterval, _time, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PollFailed(_logger, ex);
                await Task.Delay(_options.PollInterval, _time, CancellationToken.None);
            }
        }
    }

    private async Task HeartbeatAsync(DateTimeOffset now)
    {
        List<(string Id, ActiveRun Active)> active;
        lock (_activeGate)
        {
            active = [.. _active.Select(p => (p.Key, p.Value))];
        }

        if (active.Count == 0)
        {
            return;
        }

        await _runs.RenewLeasesAsync(_options.InstanceId, active.Select(a => a.Id).ToArray(), now + _options.LeaseDuration, _stop.Token);
        foreach (var (id, run) in active)
        {
            if (await _runs.GetRunAsync(id, _stop.Token) is { CancelRequested: true })
            {
                await run.Cancel.CancelAsync();
            }
        }
    }
}
