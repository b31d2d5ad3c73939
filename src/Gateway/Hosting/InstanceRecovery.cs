using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Policy.Stages.Reconcile;

namespace McpGateway.Hosting;

/// <summary>
/// Keeps this process alive in the instance store (a heartbeat six times per expiry) and settles the work of dead
/// ones: a process whose heartbeat expired, or that no longer runs on this host, is claimed by exactly one living
/// process, which reconciles its open calls (settling the keys they hold), finishes the approvals it was carrying out
/// (by what their keys now say), frees its flow leases and the rate limit slots its calls held. The work of a
/// living process, even one sharing this store and this machine, is never touched.
/// </summary>
internal sealed partial class InstanceRecovery(
    IInstanceStore instances,
    IJournalStore journal,
    IRunStore runs,
    IRateLimitStore limits,
    OutcomeReconciler reconciler,
    ApprovalService approvals,
    JournalOptions options,
    TimeSpan expiry,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<InstanceRecovery> logger) : IAsyncDisposable
{
    // Recovered instances are kept this long for whoever looks at the store, then deleted.
    private static readonly TimeSpan KeepRecovered = TimeSpan.FromDays(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _heartbeat = Task.CompletedTask;
    private Task _recovery = Task.CompletedTask;
    private bool _registered;

    private string Self => options.InstanceId;

    private TimeSpan Interval => expiry / 6;

    /// <summary>Adds this process to the store; before it writes any journal record.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await instances.InitializeAsync(cancellationToken);
        await runs.InitializeAsync(cancellationToken);
        await limits.InitializeAsync(cancellationToken);
        await instances.RegisterAsync(new InstanceRecord
        {
            Id = Self,
            Host = InstanceIdentity.Host,
            ProcessId = Environment.ProcessId,
            ProcessStartedAt = InstanceIdentity.ProcessStartedAt(),
            HeartbeatAt = time.GetUtcNow(),
        }, cancellationToken);
        _registered = true;
        Log.Registered(logger, Self);
    }

    /// <summary>Starts the heartbeat and the recovery rounds (the first at once: a predecessor's crash is settled on start).</summary>
    public void Start()
    {
        _heartbeat = HeartbeatLoopAsync(_stopping.Token);
        _recovery = RecoveryLoopAsync(_stopping.Token);
    }

    /// <summary>Stops the rounds and marks this process stopped, so anything it left open is recovered at once.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_heartbeat, _recovery).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_registered)
        {
            try
            {
                await instances.StopAsync(Self, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log.RoundFailed(logger, ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    /// <summary>One round: claims every dead instance it can, then recovers those it holds. Returns how many it finished.</summary>
    internal async Task<int> RecoverRoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var known = await instances.ListAsync(ct);
        foreach (var instance in known)
        {
            if (instance.Id != Self && instance.RecoveredBy is null && IsDead(instance, now) &&
                await instances.ClaimAsync(instance.Id, Self, instance.HeartbeatAt, ct))
            {
                Log.Claimed(logger, instance.Id, instance.HeartbeatAt);
            }
        }

        // Records an older build wrote name ids no row knows: nothing heartbeats for them.
        var ids = known.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in await journal.ListOpenInstancesAsync(ct))
        {
            if (id != Self && !ids.Contains(id) && await instances.AdoptAsync(id, Self, ct))
            {
                Log.Claimed(logger, id, DateTimeOffset.UnixEpoch);
            }
        }

        var finished = 0;
        foreach (var instance in await instances.ListAsync(ct))
        {
            if (instance.RecoveredBy == Self && await RecoverAsync(instance.Id, ct))
            {
                finished++;
            }
        }

        await instances.PurgeAsync(now - KeepRecovered, ct);
        return finished;
    }

    private bool IsDead(InstanceRecord instance, DateTimeOffset now) =>
        instance.HeartbeatAt < now - expiry ||
        (instance.Host == InstanceIdentity.Host && !InstanceIdentity.IsAlive(instance.ProcessId, instance.ProcessStartedAt));

    /// <summary>Settles a dead instance's open calls and approvals and frees its flow leases; true when nothing of it is left.</summary>
    private async Task<bool> RecoverAsync(string id, CancellationToken ct)
    {
        var open = await journal.ListOpenAsync(id, ct);
        if (open.Count > 0)
        {
            Log.Recovering(logger, open.Count, id);
        }

        var settled = true;
        foreach (var record in open)
        {
            try
            {
                await reconciler.ReconcileAsync(record, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                settled = false;
                Log.ReconcileFailed(logger, record.ExecutionId, ex);
            }
        }

        // After its calls: an approval's thawed call is one of them, and its key now says whether the call ran.
        try
        {
            settled &= await approvals.RecoverClaimedByAsync(id, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            settled = false;
            Log.ApprovalsFailed(logger, id, ex);
        }

        var released = await runs.ReleaseOwnerAsync(id, ct);
        if (released > 0)
        {
            Log.RunsReleased(logger, released, id);
        }

        // Its calls ended with it: a concurrency limit must not count them for ever.
        var slots = await limits.ReleaseHeldByAsync(id, ct);
        if (slots > 0)
        {
            Log.SlotsReleased(logger, slots, id);
        }

        if (settled)
        {
            await instances.MarkRecoveredAsync(id, Self, time.GetUtcNow(), ct);
        }

        return settled;
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, ct);
                if (!await instances.HeartbeatAsync(Self, time.GetUtcNow(), ct))
                {
                    // Another process found this one dead (it stalled past the expiry) and is settling its calls: going
                    // on could run an effect that is being settled as not run. Stop instead.
                    Log.DeclaredDead(logger, Self);
                    lifetime.StopApplication();
                    return;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RoundFailed(logger, ex);
            }
        }
    }

    private async Task RecoveryLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RecoverRoundAsync(ct);
                await Task.Delay(Interval, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RoundFailed(logger, ex);
                await Task.Delay(Interval, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "This process is instance {InstanceId}")]
        public static partial void Registered(ILogger logger, string instanceId);

        [LoggerMessage(2, LogLevel.Warning, "Instance {InstanceId} is dead (last heartbeat {Heartbeat:o}); this process recovers its work")]
        public static partial void Claimed(ILogger logger, string instanceId, DateTimeOffset heartbeat);

        [LoggerMessage(3, LogLevel.Warning, "Found {Count} calls left open by dead instance {InstanceId}; reconciling them")]
        public static partial void Recovering(ILogger logger, int count, string instanceId);

        [LoggerMessage(4, LogLevel.Error, "Reconciling execution {ExecutionId} failed; it is tried again in the next round")]
        public static partial void ReconcileFailed(ILogger logger, string executionId, Exception ex);

        [LoggerMessage(5, LogLevel.Information, "Released {Count} flow runs held by dead instance {InstanceId}")]
        public static partial void RunsReleased(ILogger logger, int count, string instanceId);

        [LoggerMessage(6, LogLevel.Critical, "Another process declared instance {InstanceId} (this one) dead and is recovering its work; stopping")]
        public static partial void DeclaredDead(ILogger logger, string instanceId);

        [LoggerMessage(7, LogLevel.Error, "Instance heartbeat or recovery round failed; trying again")]
        public static partial void RoundFailed(ILogger logger, Exception ex);

        [LoggerMessage(8, LogLevel.Error, "Finishing the approvals dead instance {InstanceId} was carrying out failed; it is tried again in the next round")]
        public static partial void ApprovalsFailed(ILogger logger, string instanceId, Exception ex);

        [LoggerMessage(9, LogLevel.Information, "Freed {Count} rate limit slots held by dead instance {InstanceId}")]
        public static partial void SlotsReleased(ILogger logger, int count, string instanceId);
    }
}
