using Quartz;

namespace McpGateway.Flows.Triggers;

/// <summary>A Quartz cron expression in a time zone: the fire times after a given instant.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    /// <summary>Parses the expression.</summary>
    /// <exception cref="FormatException">The expression is not valid Quartz syntax.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone is unknown.</exception>
    public CronSchedule(string expression, string timeZone = "UTC")
    {
        _expression = new CronExpression(expression) { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZone) };
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetTimeAfter(after);

    /// <summary>The fire times in (<paramref name="after"/>, <paramref name="until"/>], oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until, int limit = 1000)
    {
        var ticks = new List<DateTimeOffset>();
        for (var t = Next(after); t is { } tick && tick <= until && ticks.Count < limit; t = Next(tick))
        {
            ticks.Add(tick);
        }

        return ticks;
    }

    /// <summary>The latest fire time in (<paramref name="after"/>, <paramref name="until"/>], or null.</summary>
    public DateTimeOffset? Latest(DateTimeOffset after, DateTimeOffset until)
    {
        DateTimeOffset? latest = null;
        for (var t = Next(after); t is { } tick && tick <= until; t = Next(tick))
        {
            latest = tick;
        }

        return latest;
    }
}
