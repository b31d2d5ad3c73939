using System.Text;

namespace McpGateway.Connectors.Upstreams.Sql;

/// <summary>
/// A query's SQL with its <c>:name</c> parameters found and rewritten as <c>@name</c> placeholders, which both
/// providers bind as ADO.NET parameters: a value never becomes part of the SQL text. String literals, quoted
/// identifiers, comments and PostgreSQL's <c>::type</c> casts are skipped, so only real parameters are found.
/// </summary>
internal sealed record SqlStatement(string Text, IReadOnlyList<string> Parameters)
{
    public static SqlStatement Parse(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var skip = c switch
            {
                '\'' or '"' => Quoted(sql, i, c),
                '-' when At(sql, i + 1, '-') => LineEnd(sql, i),
                '/' when At(sql, i + 1, '*') => CommentEnd(sql, i),
                ':' when At(sql, i + 1, ':') => i + 2,
                _ => -1,
            };
            if (skip > 0)
            {
                text.Append(sql, i, skip - i);
                i = skip;
                continue;
            }

            if (c == ':' && i + 1 < sql.Length && IsStart(sql[i + 1]) && (i == 0 || !IsPart(sql[i - 1])))
            {
                var end = i + 1;
                while (end < sql.Length && IsPart(sql[end]))
                {
                    end++;
                }

                var name = sql[(i + 1)..end];
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }

                text.Append('@').Append(name);
                i = end;
                continue;
            }

            text.Append(c);
            i++;
        }

        return new SqlStatement(text.ToString(), names);
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // A doubled quote inside a literal is an escaped quote: the scan simply continues past it.
    private static int Quoted(string s, int start, char quote)
    {
        var end = s.IndexOf(quote, start + 1);
        return end < 0 ? s.Length : end + 1;
    }

    private static int LineEnd(string s, int start)
    {
        var end = s.IndexOf('\n', start);
        return end < 0 ? s.Length : end + 1;
    }

    private static int CommentEnd(string s, int start)
    {
        var end = s.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return end < 0 ? s.Length : end + 2;
    }
}
