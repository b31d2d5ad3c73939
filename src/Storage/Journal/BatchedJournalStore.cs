using McpGateway.Policy.Stages.Journal;
using McpGateway.Storage.Batching;

namespace McpGateway.Storage.Journal;

/// <summary>
/// What every journal store shares: writes go through one group-commit writer started by
/// <see cref="InitializeAsync"/>, reads go to the backend's reader, and disposal commits every queued write before
/// the backend releases its file or pool. A backend supplies only how to start and how to release.
/// </summary>
internal abstract class BatchedJournalStore(IJournalReader reader) : IJournalStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private GroupCommitWriter<JournalWrite>? _writer;
    private bool _disposed;

    /// <summary>Migrates the schema and creates the writer.</summary>
    protected abstract ValueTask<GroupCommitWriter<JournalWrite>> StartAsync(CancellationToken cancellationToken);

    /// <summary>Releases the backend once the writer has committed everything queued.</summary>
    protected abstract ValueTask ReleaseAsync();

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer ??= await StartAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public ValueTask OpenAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        JournalArguments.ValidateOpen(record);
        return new ValueTask(Writer.WriteAsync(new JournalWrite(record, null), cancellationToken));
    }

    public ValueTask<bool> CloseAsync(ExecutionClose close, CancellationToken cancellationToken)
    {
        JournalArguments.ValidateClose(close);
        return new ValueTask<bool>(Writer.WriteAsync(new JournalWrite(null, close), cancellationToken));
    }

    public ValueTask<bool> SettleAsync(string executionId, string settlementJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(settlementJson);
        return new ValueTask<bool>(Writer.WriteAsync(new JournalWrite(null, null, Settlement: new ExecutionSettlement(executionId, settlementJson)), cancellationToken));
    }

    public ValueTask<bool> ReopenAsync(string executionId, string instanceId, JournalReopen reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return new ValueTask<bool>(Writer.WriteAsync(new JournalWrite(null, null, Reopen: new ExecutionReopen(executionId, instanceId, reason)), cancellationToken));
    }

    public ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return reader.GetAsync(executionId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return reader.ListOpenAsync(instanceId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return reader.ListOpenInstancesAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        ThrowIfNotReady();
        return reader.ListAsync(query, cancellationToken);
    }

    /// <summary>Commits every write already queued, then releases the backend. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }

            await ReleaseAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private GroupCommitWriter<JournalWrite> Writer
    {
        get
        {
            ThrowIfNotReady();
            return _writer!;
        }
    }

    private void ThrowIfNotReady()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            throw new InvalidOperationException("Call InitializeAsync before using the journal store.");
        }
    }
}
