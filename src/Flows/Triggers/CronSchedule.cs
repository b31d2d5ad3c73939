using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace McpGateway.Flows.Triggers;

/// <summary>
/// A cron expression in a time zone: the fire times after a given instant, computed by Cronos. Flows write Quartz's
/// syntax (seconds minutes hours day-of-month month day-of-week [year]), as they always have; two things differ in
/// Cronos and are translated here: Quartz numbers the days of the week 1-7 from Sunday (Cronos 0-6), and Quartz has an
/// optional year field, of which only <c>*</c> (every year) is taken.
/// </summary>
internal sealed partial class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    /// <summary>Parses the expression.</summary>
    /// <exception cref="FormatException">The expression is not valid cron syntax.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone is unknown.</exception>
    public CronSchedule(string expression, string timeZone = "UTC")
    {
        _expression = Parse(expression) ?? throw new FormatException($"'{expression}' is not a valid cron expression.");
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
    }

    /// <summary>True when <paramref name="expression"/> is valid (seconds first, day-of-week 1-7 from Sunday).</summary>
    public static bool IsValid(string expression) => Parse(expression) is not null;

    /// <summary>The first fire time strictly after <paramref name="after"/> (in UTC), or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone)?.ToUniversalTime();

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

    private static CronExpression? Parse(string expression)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 7 && fields[6] == "*")
        {
            fields = fields[..6];
        }

        if (fields.Length != 6)
        {
            return null;
        }

        var outOfRange = false;
        fields[5] = DayNumber().Replace(fields[5], m =>
        {
            var day = int.Parse(m.Value, CultureInfo.InvariantCulture);
            outOfRange |= day is < 1 or > 7;
            return (day - 1).ToString(CultureInfo.InvariantCulture);
        });
        try
        {
            return !outOfRange && CronExpression.TryParse(string.Join(' ', fields), CronFormat.IncludeSeconds, out var parsed) ? parsed : null;
        }
        catch (MissingSeedException)
        {
            return null; // Cronos's jitter (H) is not Quartz syntax
        }
    }

    // A day of the week in the day-of-week field: any number except a step (after '/') or an occurrence (after '#').
    [GeneratedRegex(@"(?<![/#\d])\d+")]
    private static partial Regex DayNumber();
}
