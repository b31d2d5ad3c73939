using System.Globalization;

namespace McpGateway.Admin;

/// <summary>The sort key of a newest-first list paged in the store: a row's time (UTC ticks) and id, as a cursor holds it.</summary>
internal static class TimeKey
{
    /// <summary>The key of the row at <paramref name="at"/> with <paramref name="id"/>.</summary>
    public static string Format(DateTimeOffset at, string id) => at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + id;

    /// <summary>The time and id in <paramref name="key"/>, or null when it is not one <see cref="Format"/> made.</summary>
    public static (DateTimeOffset At, string Id)? Parse(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return bar > 0
            && long.TryParse(key.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && bar < key.Length - 1
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), key[(bar + 1)..])
                : null;
    }
}
