using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

/// <summary>A version's trigger: manual (always possible), webhook or cron.</summary>
internal sealed record FlowTrigger
{
    /// <summary><c>manual</c>, <c>webhook</c> or <c>cron</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The cron expression in Quartz syntax (seconds first), for cron (<see cref="Triggers.CronSchedule"/>).</summary>
    public string? Cron { get; init; }

    /// <summary>The IANA time zone of the cron expression.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary><c>skip</c> or <c>run_once</c>: what to do about ticks missed while down.</summary>
    public string Missed { get; init; } = FlowTriggerMissed.Skip;

    /// <summary>The inputs of cron runs.</summary>
    public JsonObject? Inputs { get; init; }
}
