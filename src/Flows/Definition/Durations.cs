using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

/// <summary>Durations as written in definitions: a whole number with <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>.</summary>
internal static class Durations
{
    /// <summary>The longest duration a definition may write (about a century).</summary>
    private const long MaxDays = 36_500;

    public static bool TryParse(JsonNode? node, out TimeSpan value)
    {
        value = default;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var text = v.GetValue<string>().Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits is 0 or > 9 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        // Nine digits of days would overflow a TimeSpan (and any clock it is added to): at most MaxDays.
        TimeSpan? parsed = text[digits..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" when n <= MaxDays => TimeSpan.FromDays(n),
            _ => null,
        };
        value = parsed ?? default;
        return parsed is not null && parsed.Value.TotalDays <= MaxDays;
    }

    /// <summary>A duration as a definition writes it: <c>7d</c>, <c>90m</c>, <c>1500ms</c>.</summary>
    public static string Format(TimeSpan value) => value switch
    {
        _ when value.Ticks % TimeSpan.TicksPerDay == 0 => $"{value.Ticks / TimeSpan.TicksPerDay}d",
        _ when value.Ticks % TimeSpan.TicksPerHour == 0 => $"{value.Ticks / TimeSpan.TicksPerHour}h",
        _ when value.Ticks % TimeSpan.TicksPerMinute == 0 => $"{value.Ticks / TimeSpan.TicksPerMinute}m",
        _ when value.Ticks % TimeSpan.TicksPerSecond == 0 => $"{value.Ticks / TimeSpan.TicksPerSecond}s",
        _ => $"{(long)value.TotalMilliseconds}ms",
    };
}
