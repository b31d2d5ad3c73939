using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>The read side of a journal store; reads never wait for the writer.</summary>
internal interface IJournalReader
{
    ValueTask<ExecutionRecord?> GetAsync(string executionId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ExecutionRecord>> ListOpenAsync(string instanceId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<string>> ListOpenInstancesAsync(CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ExecutionRecord>> ListAsync(JournalQuery query, CancellationToken cancellationToken);
}
