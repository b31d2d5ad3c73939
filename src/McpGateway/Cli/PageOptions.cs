using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// <c>--limit</c> and <c>--cursor</c> of a list command, and reading every page of a list: the admin API answers lists
/// as <c>{data, next}</c> pages (Admin/Paging).
/// </summary>
internal sealed class PageOptions
{
    /// <summary><c>--limit</c>: the page size.</summary>
    public Option<int?> Limit { get; } = new("--limit") { Description = "Page size, 1 to 500 (default 50)" };

    /// <summary><c>--cursor</c>: the previous page's next cursor.</summary>
    public Option<string?> Cursor { get; } = new("--cursor") { Description = "The cursor printed after the previous page (its 'next')" };

    /// <summary>Both options, to pass to <see cref="RemoteCommand.Create"/>.</summary>
    public Symbol[] Symbols => [Limit, Cursor];

    /// <summary><paramref name="path"/> with the given limit and cursor added to its query.</summary>
    public string Path(string path, ParseResult result)
    {
        var query = new List<string>();
        if (result.GetValue(Limit) is { } limit)
        {
            query.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        if (result.GetValue(Cursor) is { Length: > 0 } cursor)
        {
            query.Add("cursor=" + RemoteCommand.Escape(cursor));
        }

        return query.Count == 0 ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', query);
    }

    /// <summary>Every row of a list, page after page (500 a page); the first failing exit code ends it.</summary>
    public static async Task<(int Exit, JsonArray Rows)> ReadAllAsync(GatewayClient client, string path, CancellationToken ct)
    {
        var rows = new JsonArray();
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        string? cursor = null;
        do
        {
            var (exit, body) = await client.SendAsync(HttpMethod.Get, path + separator + "limit=500" + (cursor is null ? "" : "&cursor=" + RemoteCommand.Escape(cursor)), null, ct);
            if (exit != ExitCodes.Ok)
            {
                return (exit, rows);
            }

            foreach (var row in body?["data"] as JsonArray ?? [])
            {
                rows.Add(row?.DeepClone());
            }

            cursor = body?["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        return (ExitCodes.Ok, rows);
    }
}
