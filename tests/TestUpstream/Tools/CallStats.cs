using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace TestUpstream.Tools;

/// <summary>Process-wide counters reported by <c>get_stats</c>; a new process starts from zero.</summary>
internal sealed class CallStats
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly DateTime _startedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private int _cancelled;

    public void RecordCall(string tool) => _calls.AddOrUpdate(tool, 1, static (_, count) => count + 1);

    public void RecordCancelled() => Interlocked.Increment(ref _cancelled);

    public JsonObject ToJson()
    {
        var calls = new JsonObject();
        foreach (var (tool, count) in _calls.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            calls[tool] = count;
        }

        return new JsonObject
        {
            ["calls"] = calls,
            ["cancelled"] = Volatile.Read(ref _cancelled),
            ["pid"] = Environment.ProcessId,
            ["startedAt"] = _startedAt.ToString("O", CultureInfo.InvariantCulture),
        };
    }
}
