using System.Collections.Concurrent;

namespace TestUpstream.Tools;

/// <summary>Calls of <c>slow_first</c> per key, in memory; <c>reset_state</c> clears them.</summary>
internal sealed class SlowFirstCounters
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <returns>The 1-based number of this call for the key.</returns>
    public int Next(string key) => _calls.AddOrUpdate(key, 1, static (_, count) => count + 1);

    public void Reset() => _calls.Clear();
}
