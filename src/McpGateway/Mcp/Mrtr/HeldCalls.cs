using System.Collections.Concurrent;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// The upstream calls this process holds open for a 2026-07-28 client's answer (<see cref="HeldExchange"/>). This is the one
/// piece of round-trip state that lives in memory, because an open upstream call does: the sealed state names this process,
/// and a retry at another process is refused. Each is held for <c>gateway.request_state_expiry</c> per round, then
/// cancelled; a finished one is kept that long, so a replayed retry gets its result instead of a second run.
/// </summary>
internal sealed class HeldCalls(JournalOptions journal, GatewayConfig config, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, (HeldExchange Exchange, ITimer Timer)> _held = new(StringComparer.Ordinal);

    /// <summary>This process's id, sealed into the state of the calls it holds.</summary>
    public string Instance => journal.InstanceId;

    /// <summary>How long a client has to answer.</summary>
    public TimeSpan Expiry => config.Server.RequestStateExpiry;

    /// <summary>How many calls are held (tests, status).</summary>
    public int Count => _held.Count;

    /// <summary>Holds <paramref name="exchange"/> for another <see cref="Expiry"/>: unanswered by then, the call is cancelled.</summary>
    public void Hold(HeldExchange exchange)
    {
        var timer = time.CreateTimer(static s => ((HeldCalls)((object[])s!)[0]).Expire((HeldExchange)((object[])s!)[1]), new object[] { this, exchange }, Expiry, Timeout.InfiniteTimeSpan);
        _held.AddOrUpdate(exchange.Id, (exchange, timer), (_, old) =>
        {
            old.Timer.Dispose();
            return (exchange, timer);
        });
    }

    /// <summary>The held exchange named <paramref name="id"/>, if this process holds it.</summary>
    public HeldExchange? Find(string id) => _held.TryGetValue(id, out var entry) ? entry.Exchange : null;

    private void Expire(HeldExchange exchange)
    {
        if (!_held.TryRemove(exchange.Id, out var entry))
        {
            return;
        }

        // Nobody answered in time (or a finished call's result was kept long enough): an unfinished call is cancelled (the
        // upstream hears notifications/cancelled; its journal record closes as cancelled), then released once wound down.
        entry.Timer.Dispose();
        exchange.Cancel();
        exchange.Completion.ContinueWith(static (_, s) => ((HeldExchange)s!).Dispose(), exchange, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, (exchange, timer)) in _held)
        {
            timer.Dispose();
            exchange.Cancel();
        }
    }
}
