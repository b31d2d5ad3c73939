namespace McpGateway.Cli;

/// <summary>
/// Adds one connector entry to the text of a <c>connectors.yaml</c>, keeping every other line (comments included) as
/// written: the entry goes after the last line of the <c>connectors:</c> section, indented like its other entries, or a
/// new section is appended when there is none.
/// </summary>
internal static class ConnectorsYamlEdit
{
    /// <summary>The file's text with <paramref name="entryLines"/> (unindented: <c>name:</c> then its settings, two spaces deeper) added.</summary>
    public static string Add(string text, IReadOnlyList<string> entryLines)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var section = lines.FindIndex(l => l.TrimEnd() is "connectors:" or "connectors: {}" or "connectors: ~" or "connectors: null");
        if (section < 0)
        {
            lines.Add("connectors:");
            lines.AddRange(entryLines.Select(l => "  " + l));
            return string.Join(newline, lines) + newline;
        }

        lines[section] = "connectors:";
        var end = section + 1;
        var indent = 0;
        for (var i = section + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                // A comment at column 0 may introduce the next section; anything else at column 0 does.
                if (line.StartsWith('#'))
                {
                    continue;
                }

                break;
            }

            if (indent == 0 && !line.TrimStart().StartsWith('#'))
            {
                indent = line.Length - line.TrimStart().Length;
            }

            end = i + 1;
        }

        // The entry's own nesting follows the file's step (two spaces in the entry become the section's indent).
        var pad = new string(' ', indent == 0 ? 2 : indent);
        lines.InsertRange(end, entryLines.Select(l => pad + string.Concat(Enumerable.Repeat(pad, (l.Length - l.TrimStart().Length) / 2)) + l.TrimStart()));
        return string.Join(newline, lines) + newline;
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
