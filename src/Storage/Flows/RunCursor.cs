using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace McpGateway.Storage.Flows;

/// <summary>
/// The opaque cursor of a run list: the last row's creation time (UTC ticks) and id, as base64url text. The next page
/// starts strictly after that row in (created_at, id) descending order, so rows added meanwhile never repeat one.
/// </summary>
internal readonly record struct RunCursor(DateTimeOffset CreatedAt, string Id)
{
    private const char Separator = '.';

    /// <summary>The cursor's text.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}{Separator}{Id}")));

    /// <summary>Reads a cursor this store issued.</summary>
    /// <exception cref="ArgumentException">The text is not such a cursor.</exception>
    public static RunCursor Decode(string cursor)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException ex)
        {
            throw Malformed(ex);
        }

        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1 ||
            !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw Malformed(null);
        }

        return new RunCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..]);
    }

    private static ArgumentException Malformed(Exception? inner) =>
        new("The cursor is not one this run list issued; start from the first page.", inner);
}
