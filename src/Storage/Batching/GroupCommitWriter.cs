using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Batching;

/// <summary>
/// Group commit: callers queue writes; one background writer drains everything queued, commits it in one
/// transaction and only then completes each caller's task. Concurrent callers share one commit. A caller whose write
/// is the only one outstanding commits it itself, on its own thread, so a lone write pays one commit and no thread
/// hops (two hops per write were most of a lone call's journal latency; see bench/README.md). Inlining only when
/// alone keeps concurrent writes batched: inlining whenever the queue was empty split them into more, smaller
/// commits and cost throughput.
/// </summary>
/// <typeparam name="TItem">One pending write.</typeparam>
internal sealed partial class GroupCommitWriter<TItem> : IAsyncDisposable
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(1);

    private readonly Channel<PendingWrite<TItem>> _queue = Channel.CreateUnbounded<PendingWrite<TItem>>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly IBatchCommitter<TItem> _committer;
    private readonly ILogger _logger;
    private readonly PendingWrite<TItem>[] _batch;
    private readonly TItem[] _items;
    private readonly bool[] _results;

    // Held by whoever commits (the writer loop or an inline caller); it also guards the batch arrays.
    private readonly SemaphoreSlim _committing = new(1, 1);
    private readonly Task _loop;
    private int _outstanding;
    private long _lastGroupCommit;
    private volatile bool _closed;

    /// <summary>Starts the background writer.</summary>
    public GroupCommitWriter(IBatchCommitter<TItem> committer, int maxBatchSize, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _committer = committer;
        _logger = logger;
        _batch = new PendingWrite<TItem>[maxBatchSize];
        _items = new TItem[maxBatchSize];
        _results = new bool[maxBatchSize];

        // The loop outlives whichever call created it: do not let it capture that caller's ambient context.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues a write; the task completes with the committer's result once the write is committed.</summary>
    /// <remarks>
    /// Cancellation is observed only before the write is queued: a queued write is committed (and awaited) anyway,
    /// so a caller never walks away from a write that may or may not land.
    /// </remarks>
    public Task<bool> WriteAsync(TItem item, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        if (_closed)
        {
            return Task.FromException<bool>(new ObjectDisposedException(nameof(GroupCommitWriter<TItem>)));
        }

        // Written inline only by a caller that is alone and not in a burst: any other outstanding write, or a batch of
        // several that just ended (its callers are about to write again), means there is a batch to join.
        if (Interlocked.Increment(ref _outstanding) == 1
            && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastGroupCommit)) > BurstWindow
            && _committing.Wait(0, CancellationToken.None))
        {
            return CommitInlineAsync(item);
        }

        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new PendingWrite<TItem>(item, completion)))
        {
            Interlocked.Decrement(ref _outstanding);
            return Task.FromException<bool>(new ObjectDisposedException(nameof(GroupCommitWriter<TItem>)));
        }

        return completion.Task;
    }

    /// <summary>Stops taking writes, commits every write already queued or being committed inline, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _committing.WaitAsync().ConfigureAwait(false);
        _committing.Release();
    }

    private async Task<bool> CommitInlineAsync(TItem item)
    {
        try
        {
            _items[0] = item;
            await _committer.CommitAsync(_items.AsMemory(0, 1), _results.AsMemory(0, 1)).ConfigureAwait(false);
            return _results[0];
        }
        finally
        {
            _items[0] = default!;
            _committing.Release();
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _committing.WaitAsync().ConfigureAwait(false);
            try
            {
                var count = 0;
                while (count < _batch.Length && reader.TryRead(out var write))
                {
                    _batch[count] = write;
                    _items[count] = write.Item;
                    count++;
                }

                await CommitAsync(count).ConfigureAwait(false);
                Array.Clear(_batch, 0, count);
                Array.Clear(_items, 0, count);
                if (count > 1)
                {
                    Volatile.Write(ref _lastGroupCommit, Stopwatch.GetTimestamp());
                }

                Interlocked.Add(ref _outstanding, -count);
            }
            finally
            {
                _committing.Release();
            }
        }
    }

    private async ValueTask CommitAsync(int count)
    {
        try
        {
            await _committer.CommitAsync(_items.AsMemory(0, count), _results.AsMemory(0, count)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure belongs to the waiters; the writer itself must keep running.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (count == 1)
            {
                _batch[0].Completion.TrySetException(exception);
                return;
            }

            // One bad write (a duplicate id, say) must not fail the unrelated calls that shared its transaction:
            // nothing was committed, so retry each write alone and fault only those that fail again.
            Log.BatchFailed(_logger, count, exception);
            for (var i = 0; i < count; i++)
            {
                await CommitAloneAsync(i).ConfigureAwait(false);
            }

            return;
        }

        for (var i = 0; i < count; i++)
        {
            _batch[i].Completion.TrySetResult(_results[i]);
        }
    }

    private async ValueTask CommitAloneAsync(int index)
    {
        try
        {
            await _committer.CommitAsync(_items.AsMemory(index, 1), _results.AsMemory(index, 1)).ConfigureAwait(false);
            _batch[index].Completion.TrySetResult(_results[index]);
        }
#pragma warning disable CA1031 // Handed to the one waiter it belongs to.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _batch[index].Completion.TrySetException(exception);
        }
    }
}
