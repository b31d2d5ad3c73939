namespace McpGateway.Connectors.Catalog;

/// <summary>
/// Ranks cards by the words of a query found in their name (3), tags and title (2 each) and description (1), best first,
/// then by name; no words lists every card in name order. <c>GET /v1/discover</c> and <c>gateway__discover</c> share it.
/// </summary>
public static class CardSearch
{
    /// <summary>The most words a query is read for; the rest are ignored.</summary>
    public const int MaxWords = 16;

    /// <summary>The best <paramref name="limit"/> of <paramref name="cards"/> for <paramref name="query"/>.</summary>
    public static IReadOnlyList<CapabilityCard> Rank(IEnumerable<CapabilityCard> cards, string? query, int limit)
    {
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxWords).ToArray();
        return cards
            .Select(c => (Card: c, Score: Score(c, words)))
            .Where(x => words.Length == 0 || x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Card.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => x.Card)
            .ToList();
    }

    private static int Score(CapabilityCard card, string[] words)
    {
        var score = 0;
        foreach (var w in words)
        {
            score += card.Name.Contains(w, StringComparison.OrdinalIgnoreCase) ? 3 : 0;
            score += card.Tags.Any(t => t.Contains(w, StringComparison.OrdinalIgnoreCase)) ? 2 : 0;
            score += card.Title?.Contains(w, StringComparison.OrdinalIgnoreCase) == true ? 2 : 0;
            score += card.Description?.Contains(w, StringComparison.OrdinalIgnoreCase) == true ? 1 : 0;
        }

        return score;
    }
}
