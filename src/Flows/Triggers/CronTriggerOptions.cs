namespace McpGateway.Flows.Triggers;

/// <summary>Settings of the <see cref="CronTrigger"/>.</summary>
public sealed class CronTriggerOptions
{
    /// <summary>How often due ticks are looked for.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A tick at most this old is on time; older ones count as missed (see the trigger's <c>missed</c>).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(1);
}
