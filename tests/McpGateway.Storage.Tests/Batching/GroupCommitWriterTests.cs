using McpGateway.Storage.Batching;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Batching;

public sealed class GroupCommitWriterTests
{
    [Fact]
    public async Task WriteAsync_Committed_ReturnsTheCommittersResult()
    {
        var committer = new FakeCommitter();
        await using var writer = new GroupCommitWriter<int>(committer, 16, NullLogger.Instance);

        Assert.True(await writer.WriteAsync(2, CancellationToken.None));
        Assert.False(await writer.WriteAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_WriterIdle_CommitsOnTheCallersThreadBeforeReturning()
    {
        var committer = new FakeCommitter();
        await using var writer = new GroupCommitWriter<int>(committer, 16, NullLogger.Instance);

        var write = writer.WriteAsync(2, CancellationToken.None);

        Assert.True(write.IsCompletedSuccessfully); // a synchronous committer ran inline: no queue, no thread hop
        Assert.True(await write);
        Assert.Equal([[2]], committer.Batches);
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentCallers_EveryWriteCommittedExactlyOnce()
    {
        var committer = new FakeCommitter();
        var writer = new GroupCommitWriter<int>(committer, 32, NullLogger.Instance);

        var callers = Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var item = (c * 500) + i;
                Assert.Equal(item % 2 == 0, await writer.WriteAsync(item, CancellationToken.None));
            }
        }));
        await Task.WhenAll(callers);
        await writer.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 8000), committer.Batches.SelectMany(b => b).Order());
        Assert.All(committer.Batches, b => Assert.InRange(b.Length, 1, 32));
    }

    [Fact]
    public async Task DisposeAsync_InlineCommitInProgress_WaitsForIt()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 64);

        var disposing = writer.DisposeAsync().AsTask();

        // A negative needs a bound: without the wait, dispose returns within microseconds (its loop has nothing queued).
        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(200)));
        committer.Gate!.SetResult();
        await disposing;

        Assert.True(first.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WriteAsync_WritesQueuedDuringACommit_CommittedTogetherInTheNextBatch()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 64);
        var queued = Enumerable.Range(1, 9).Select(i => writer.WriteAsync(i, CancellationToken.None)).ToArray();
        Assert.DoesNotContain(queued, t => t.IsCompleted);

        committer.Gate!.SetResult();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]], committer.Batches);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_BacklogOverMaxBatchSize_SplitsIntoBatchesOfAtMostThatSize()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 4);
        var queued = Enumerable.Range(1, 10).Select(i => writer.WriteAsync(i, CancellationToken.None)).ToArray();

        committer.Gate!.SetResult();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([1, 4, 4, 2], committer.Batches.Select(b => b.Length));
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_BatchFails_RetriesEachAloneAndFaultsOnlyTheBadWrite()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 64);
        committer.IsBad = i => i == 3;
        var queued = Enumerable.Range(1, 5).Select(i => writer.WriteAsync(i, CancellationToken.None)).ToArray();

        committer.Gate!.SetResult();
        await first;

        await Assert.ThrowsAsync<InvalidOperationException>(() => queued[2]);
        var others = await Task.WhenAll(queued.Where((_, i) => i != 2));
        Assert.Equal([false, true, true, false], others); // items 1, 2, 4, 5: the fake reports "even"
        Assert.Equal([[0], [1, 2, 3, 4, 5], [1], [2], [3], [4], [5]], committer.Batches);
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_EveryCommitFails_FaultsEveryWaiterAndKeepsWriting()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 64);
        committer.IsBad = _ => true;
        var queued = Enumerable.Range(1, 5).Select(i => writer.WriteAsync(i, CancellationToken.None)).ToArray();

        committer.Gate!.SetResult();

        foreach (var write in queued.Prepend(first))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => write);
        }

        committer.IsBad = _ => false;
        Assert.True(await writer.WriteAsync(8, CancellationToken.None)); // the writer outlives failed batches
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_WritesStillQueued_CommitsThemBeforeReturning()
    {
        var (committer, writer, first) = await StartWithHeldCommitAsync(maxBatchSize: 64);
        var queued = Enumerable.Range(1, 10).Select(i => writer.WriteAsync(i, CancellationToken.None)).ToArray();

        var disposing = writer.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        committer.Gate!.SetResult();
        await disposing;

        Assert.All(queued.Append(first), write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(11, committer.Batches.Sum(b => b.Length));
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var writer = new GroupCommitWriter<int>(new FakeCommitter(), 16, NullLogger.Instance);
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_CanceledBeforeQueued_IsNotWritten()
    {
        var committer = new FakeCommitter();
        await using var writer = new GroupCommitWriter<int>(committer, 16, NullLogger.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(1, new CancellationToken(canceled: true)));
        await writer.DisposeAsync();

        Assert.Empty(committer.Batches);
    }

    // Writes item 0 and holds its commit at the gate, so everything written next queues behind it.
    private static async Task<(FakeCommitter Committer, GroupCommitWriter<int> Writer, Task<bool> First)> StartWithHeldCommitAsync(
        int maxBatchSize)
    {
        var committer = new FakeCommitter { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = new GroupCommitWriter<int>(committer, maxBatchSize, NullLogger.Instance);
        var first = writer.WriteAsync(0, CancellationToken.None);
        await committer.FirstCommitStarted.Task;
        return (committer, writer, first);
    }
}
