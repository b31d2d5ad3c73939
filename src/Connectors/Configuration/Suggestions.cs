namespace McpGateway.Connectors.Configuration;

/// <summary>"Did you mean": the known name closest to a misspelt one.</summary>
public static class Suggestions
{
    /// <summary>The candidate within three edits of <paramref name="name"/> that is closest to it, or null.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var best = candidates.Select(c => (Name: c, Distance: EditDistance(c, name))).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= 3 ? best.Name : null;
    }

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }

        return d[a.Length, b.Length];
    }
}
