using System.Globalization;
using System.Text.RegularExpressions;

namespace McpGateway.Connectors.Configuration;

/// <summary>Parsers for the small value formats used in <c>connectors.yaml</c>.</summary>
public static partial class ConfigValues
{
    /// <summary>Parses 250ms, 30s, 5m, 1h, or a plain number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return false;
        }

        try
        {
            value = m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromSeconds(n),
            };
            return true;
        }
        catch (OverflowException)
        {
            // Longer than TimeSpan holds (about 29,000 years): not a duration anyone means.
            return false;
        }
    }

    /// <summary>Parses 512KB, 4MB, 1GB (binary multiples) or a plain number of bytes.</summary>
    public static bool TryParseSize(string text, out long value)
    {
        value = 0;
        var m = SizePattern().Match(text.Trim());
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        value = m.Groups[2].Value.ToUpperInvariant() switch
        {
            "KB" => n * 1024,
            "MB" => n * 1024 * 1024,
            "GB" => n * 1024 * 1024 * 1024,
            _ => n,
        };
        return true;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(\d+)\s*(KB|MB|GB|kb|mb|gb|B|b)?$")]
    private static partial Regex SizePattern();
}
