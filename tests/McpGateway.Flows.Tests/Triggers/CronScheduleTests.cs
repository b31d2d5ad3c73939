using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Tests.Triggers;

/// <summary>The cron syntax flows have always taken (Quartz's: seconds first, day-of-week 1-7 from Sunday), pinned.</summary>
public sealed class CronScheduleTests
{
    // Saturday 2026-01-10, 10:00:00 UTC.
    private static readonly DateTimeOffset Saturday = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30 0/15 * * * ?", "2026-01-10T10:00:30Z")]
    [InlineData("0 0 9 ? * 2", "2026-01-12T09:00:00Z")] // 2 is Monday
    [InlineData("0 0 9 ? * 1", "2026-01-11T09:00:00Z")] // 1 is Sunday
    [InlineData("0 0 9 ? * 7", "2026-01-17T09:00:00Z")] // 7 is Saturday
    [InlineData("0 0 9 ? * 2-6", "2026-01-12T09:00:00Z")]
    [InlineData("0 0 9 ? * MON-FRI", "2026-01-12T09:00:00Z")]
    [InlineData("0 0 9 ? * 6#3", "2026-01-16T09:00:00Z")] // the third Friday
    [InlineData("0 0 9 ? * 6L", "2026-01-30T09:00:00Z")] // the last Friday
    [InlineData("0 0 12 L * ?", "2026-01-31T12:00:00Z")]
    [InlineData("0 0 12 1 * ?", "2026-02-01T12:00:00Z")]
    [InlineData("0 0 9 ? * 2 *", "2026-01-12T09:00:00Z")] // the optional year field, any year
    public void Next_QuartzSyntax_AsBefore(string expression, string expected)
    {
        Assert.True(CronSchedule.IsValid(expression));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), new CronSchedule(expression).Next(Saturday));
    }

    [Fact]
    public void Next_SecondsAndTimeZone_StrictlyAfterAndAtLocalTime()
    {
        var schedule = new CronSchedule("15 30 9 * * ?", "America/New_York");

        var first = schedule.Next(new DateTimeOffset(2026, 7, 1, 13, 30, 15, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 7, 2, 13, 30, 15, TimeSpan.Zero), first!.Value.ToUniversalTime()); // EDT, UTC-4
        Assert.Equal(TimeSpan.Zero, first.Value.Offset); // in UTC: the tick is part of a run's dedup key
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 14, 30, 15, TimeSpan.Zero),
            schedule.Next(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero))!.Value.ToUniversalTime()); // EST, UTC-5
    }

    [Fact]
    public void Between_EveryFiveMinutes_TicksInTheWindowOldestFirst()
    {
        var ticks = new CronSchedule("0 0/5 * * * ?").Between(Saturday, Saturday.AddMinutes(16));

        Assert.Equal([Saturday.AddMinutes(5), Saturday.AddMinutes(10), Saturday.AddMinutes(15)], ticks);
    }

    [Theory]
    [InlineData("every day")]
    [InlineData("0 9 * * 1")] // five fields: Quartz's syntax starts with seconds
    [InlineData("0 0 25 * * ?")]
    [InlineData("0 0 9 ? * 8")]
    public void IsValid_NotQuartzSyntax_False(string expression) => Assert.False(CronSchedule.IsValid(expression));
}
