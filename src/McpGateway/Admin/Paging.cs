using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Admin;

/// <summary>
/// The one list shape of the admin API: <c>{"data": [...], "next": cursor | null}</c>, read with <c>limit</c> (1–500,
/// default 50) and <c>cursor</c> (the previous page's <c>next</c>). A cursor is base64url JSON of the list it was made
/// for, its filters (every query parameter but <c>limit</c> and <c>cursor</c>) and the last row's sort key: opaque to
/// callers, never an offset, so rows added meanwhile neither repeat nor shift a page.
/// </summary>
internal static class Paging
{
    /// <summary>The page size when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest <c>limit</c>.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// Reads <c>limit</c> and <c>cursor</c> for list <paramref name="list"/>; the 400 to answer when either is bad, else
    /// null and the page asked for (<see cref="PageRequest.After"/>: the sort key the previous page ended on).
    /// </summary>
    public static IResult? Read(HttpRequest request, string list, out PageRequest page)
    {
        page = new PageRequest(list, Filter(request), DefaultLimit, null);
        var limit = DefaultLimit;
        if (request.Query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Create(400, "Bad Request", $"'limit' must be a whole number from 1 to {MaxLimit}, got '{text}'.");
        }

        string? after = null;
        if (request.Query["cursor"].ToString() is { Length: > 0 } cursor && (after = Decode(cursor, list, page.Filter)) is null)
        {
            return BadCursor();
        }

        page = page with { Limit = limit, After = after };
        return null;
    }

    /// <summary>The 400 for a cursor this gateway did not issue for this list and these filters.</summary>
    public static IResult BadCursor() => Problems.Create(400, "Bad Request",
        "'cursor' is not a cursor this gateway issued for this list and these filters; start again without one.");

    /// <summary>The answer: <paramref name="rows"/> and the cursor after <paramref name="nextAfter"/> (null: last page).</summary>
    public static IResult Answer(PageRequest page, IEnumerable<JsonNode> rows, string? nextAfter) => Results.Json(new JsonObject
    {
        ["data"] = new JsonArray(rows.ToArray()),
        ["next"] = nextAfter is null ? null : Encode(page.List, page.Filter, nextAfter),
    });

    /// <summary>
    /// Pages a list held in memory (or read whole from the store): rows ordered by <paramref name="key"/> (ordinal, unique
    /// per row), those after the cursor's key, at most the limit.
    /// </summary>
    public static IResult Answer<T>(PageRequest page, IEnumerable<T> rows, Func<T, string> key, Func<T, JsonNode> view) =>
        Fetched(page, rows.OrderBy(key, StringComparer.Ordinal).Where(r => page.After is null || string.CompareOrdinal(key(r), page.After) > 0)
            .Take(page.Limit + 1).ToList(), key, view);

    /// <summary>
    /// The answer for rows a store already paged: in its order, after the cursor, at most the limit plus one (the extra
    /// row only says that another page follows).
    /// </summary>
    public static IResult Fetched<T>(PageRequest page, IReadOnlyList<T> rows, Func<T, string> key, Func<T, JsonNode> view)
    {
        var shown = rows.Take(page.Limit).ToList();
        return Answer(page, shown.Select(view), rows.Count > page.Limit ? key(shown[^1]) : null);
    }

    private static string Filter(HttpRequest request) => string.Join('&', request.Query
        .Where(p => p.Key is not ("limit" or "cursor"))
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => p.Key + "=" + p.Value.ToString()));

    private static string Encode(string list, string filter, string after) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["l"] = list, ["f"] = filter, ["k"] = after }));

    private static string? Decode(string cursor, string list, string filter)
    {
        try
        {
            if (cursor.Length > 4096 || JsonNode.Parse(Base64Url.DecodeFromChars(cursor)) is not JsonObject o)
            {
                return null;
            }

            return o["l"]?.GetValue<string>() == list && o["f"]?.GetValue<string>() == filter && o["k"]?.GetValue<string>() is { } k ? k : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
