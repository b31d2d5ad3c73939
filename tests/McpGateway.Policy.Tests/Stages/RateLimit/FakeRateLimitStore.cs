using McpGateway.Policy.Stages.RateLimit;

namespace McpGateway.Policy.Tests.Stages.RateLimit;

/// <summary>An in-memory <see cref="IRateLimitStore"/> with the store's contract: counts per window, slots per holder.</summary>
internal sealed class FakeRateLimitStore : IRateLimitStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string, DateTimeOffset), int> _windows = [];
    private readonly Dictionary<(string Limit, string Subject, string Holder), string> _slots = [];

    public int Counted { get; private set; }

    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    public ValueTask InitializeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<bool> TryCountAsync(string limit, string subject, DateTimeOffset windowStart, DateTimeOffset windowEnd, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (limit, subject, windowStart);
            var count = _windows.GetValueOrDefault(key);
            if (count >= max)
            {
                return ValueTask.FromResult(false);
            }

            _windows[key] = count + 1;
            Counted++;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> TryHoldAsync(string limit, string subject, string holder, int max, string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_slots.Keys.Count(k => k.Limit == limit && k.Subject == subject) >= max)
            {
                return ValueTask.FromResult(false);
            }

            return ValueTask.FromResult(_slots.TryAdd((limit, subject, holder), instanceId));
        }
    }

    public ValueTask ReleaseAsync(string limit, string subject, string holder, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _slots.Remove((limit, subject, holder));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> ReleaseHeldByAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<IReadOnlyList<RateLimitUsage>> ListUsageAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
}
