namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// One gateway process as the store knows it: an id per start, where it runs, and its heartbeat. Work a process holds
/// (open journal records, the keys they hold, flow leases) names this id; when the heartbeat expires, one living
/// process claims the instance and settles that work.
/// </summary>
public sealed record InstanceRecord
{
    /// <summary>Unique per process start (the configured <c>instance_id</c> or machine name, then a random suffix).</summary>
    public required string Id { get; init; }

    /// <summary>The machine and process namespace it runs in; on the same host a dead process is known at once.</summary>
    public required string Host { get; init; }

    /// <summary>Its operating system process id.</summary>
    public required int ProcessId { get; init; }

    /// <summary>When its operating system process started (tells a reused process id apart).</summary>
    public required DateTimeOffset ProcessStartedAt { get; init; }

    /// <summary>Its last heartbeat; the epoch after a clean stop.</summary>
    public required DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>The living instance that claimed this one's work, once it was found dead.</summary>
    public string? RecoveredBy { get; init; }
}
