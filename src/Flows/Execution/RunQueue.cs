using System.Collections.Concurrent;
using System.Threading.Channels;

namespace McpGateway.Flows.Execution;

/// <summary>
/// The run ids waiting for a worker (each at most once, bounded; beyond the bound they wait in the store for the poller)
/// and the runs executing here (a run queued while it executes is run once more after its pass).
/// </summary>
internal sealed class RunQueue(FlowEngineOptions options)
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _closed;

    /// <summary>Run ids waiting for a worker.</summary>
    public int Count => _queued.Count;

    /// <summary>Queues a run for a worker; a run executing here is run once more after its current pass.</summary>
    public void Enqueue(string runId)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(runId, out var active))
            {
                active.Again = true;
                return;
            }
        }

        if (_closed || _queued.Count >= options.MaxQueuedRuns || !_queued.TryAdd(runId, 0))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(runId))
        {
            _queued.TryRemove(runId, out _);
        }
    }

    /// <summary>Waits until a run id can be taken (false once closed and drained).</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the next run id, if any.</summary>
    public bool TryTake(out string runId)
    {
        if (!_queue.Reader.TryRead(out runId!))
        {
            return false;
        }

        _queued.TryRemove(runId, out _);
        return true;
    }

    /// <summary>Takes no more run ids.</summary>
    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>Marks the run as executing here; false (and the run marked to go again) when it already is.</summary>
    public bool TryBegin(string runId, ActiveRun run)
    {
        lock (_gate)
        {
            if (_active.TryAdd(runId, run))
            {
                return true;
            }

            _active[runId].Again = true;
            return false;
        }
    }

    /// <summary>The run no longer executes here; true when it was queued meanwhile and should run again.</summary>
    public bool End(string runId, ActiveRun run)
    {
        lock (_gate)
        {
            _active.Remove(runId);
            return run.Again;
        }
    }

    /// <summary>The run executing here, or null.</summary>
    public ActiveRun? Active(string runId)
    {
        lock (_gate)
        {
            return _active.GetValueOrDefault(runId);
        }
    }

    /// <summary>The runs executing here now.</summary>
    public List<(string Id, ActiveRun Run)> ActiveRuns()
    {
        lock (_gate)
        {
            return [.. _active.Select(p => (p.Key, p.Value))];
        }
    }
}
