using Spectre.Console;
using Spectre.Console.Rendering;

namespace McpGateway.Cli;

/// <summary>
/// The CLI's tables (Spectre.Console): a header row and one row per item, columns sized to their content. On a terminal
/// the header is bold and a column may colour its cells; piped, there are no escape codes and no wrapping, so a line
/// is one item and <c>grep</c>/<c>awk</c> see plain text.
/// </summary>
internal static class CliTable
{
    private static readonly Lazy<IAnsiConsole> Out = new(() =>
    {
        var piped = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = piped ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = piped ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (piped)
        {
            console.Profile.Width = 4096;
        }

        return console;
    });

    /// <summary>Writes the table: <paramref name="headers"/>, then the rows (null cells are empty).</summary>
    /// <param name="headers">The column names.</param>
    /// <param name="rows">The cells, one list per row, in the headers' order.</param>
    /// <param name="colour">The colour of a cell by column index and value, or null for the default.</param>
    public static void Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, Func<int, string?, Color?>? colour = null)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))) { NoWrap = true, Padding = new Padding(0, 0, 2, 0) });
        }

        foreach (var row in rows)
        {
            var cells = new IRenderable[headers.Count];
            for (var i = 0; i < cells.Length; i++)
            {
                var value = i < row.Count ? row[i] ?? "" : "";
                cells[i] = new Text(value, colour?.Invoke(i, value) is { } c ? new Style(c) : Style.Plain);
            }

            table.AddRow(cells);
        }

        Out.Value.Write(table);
    }

    /// <summary>The colour of a state: green when it is working or done, red when it failed, yellow while it waits.</summary>
    public static Color? State(string? state) => state switch
    {
        "connected" or "active" or "completed" or "succeeded" or "SUCCEEDED" or "published" or "enabled" => Color.Green,
        "failed" or "FAILED" or "revoked" or "unknown" or "disconnected" => Color.Red,
        "TIMEOUT" or "CANCELED" or "disabled" => Color.Grey,
        "starting" or "running" or "RUNNING" or "pending" or "PENDING" or "PAUSED" => Color.Yellow,
        _ => null,
    };
}
