using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>Something the bench sends echo calls to: it opens the sessions a run uses and names the echo tool.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }

    string EchoTool { get; }

    /// <summary>What one row's sessions are, for the table's footnote.</summary>
    string SessionNote { get; }

    /// <summary>True when every call carries a fresh idempotency key (the full pipeline reserves and completes it).</summary>
    bool IdempotencyKeys => false;

    /// <summary>The processes that serve this target's calls, the upstream (TestUpstream) last: for CPU time per call.</summary>
    IReadOnlyList<int> ServerProcesses();

    /// <summary>Opens the sessions for <paramref name="concurrency"/> workers; worker i uses element i.</summary>
    Task<IReadOnlyList<McpClient>> OpenSessionsAsync(int concurrency, CancellationToken ct);

    Task CloseSessionsAsync(IReadOnlyList<McpClient> sessions);
}
