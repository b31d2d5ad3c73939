using McpGateway.Storage.Batching;

namespace McpGateway.Storage.Tests.Batching;

/// <summary>Records each batch; can hold commits at a gate and fail batches that hold a "bad" item.</summary>
internal sealed class FakeCommitter : IBatchCommitter<int>
{
    private readonly Lock _lock = new();
    private readonly List<int[]> _batches = [];

    /// <summary>While set, commits wait for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when the first commit has started.</summary>
    public TaskCompletionSource FirstCommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Items whose batch fails.</summary>
    public Func<int, bool> IsBad { get; set; } = _ => false;

    public IReadOnlyList<int[]> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public async ValueTask CommitAsync(ReadOnlyMemory<int> items, Memory<bool> results)
    {
        var batch = items.ToArray();
        lock (_lock)
        {
            _batches.Add(batch);
        }

        FirstCommitStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (batch.Any(IsBad))
        {
            throw new InvalidOperationException("bad item in batch");
        }

        for (var i = 0; i < batch.Length; i++)
        {
            results.Span[i] = batch[i] % 2 == 0;
        }
    }
}
