using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// A 2026-07-28 client's tool call whose upstream asks for input (elicitation, sampling) while it runs: the upstream call
/// stays open in this process while the client is asked with an <c>InputRequiredResult</c>, and the client's retry feeds
/// the answer back (<see cref="TryAnswer"/>). Unanswered for the hold, the call is cancelled. The call runs on a
/// cancellation of its own, since the HTTP request that started it ends with the first round.
/// </summary>
internal sealed class HeldExchange : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private TaskCompletionSource<PendingInput> _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<CallToolResult>? _run;
    private PendingInput? _pending;
    private int _round;

    /// <summary>Creates an exchange named <paramref name="id"/>.</summary>
    public HeldExchange(string id) => Id = id;

    /// <summary>Its id, sealed into the state the client echoes.</summary>
    public string Id { get; }

    /// <summary>The call's cancellation: fired when the client goes away before anything is asked, or the hold expires.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The request the client has been asked and not yet answered, or null.</summary>
    public PendingInput? Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>The call's result once it finished, for a replayed retry.</summary>
    public CallToolResult? Result => _run is { IsCompletedSuccessfully: true } run ? run.Result : null;

    /// <summary>Completes when the call has finished, however it ended.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Starts the call.</summary>
    public void Start(Func<ValueTask<CallToolResult>> run) => _run = Task.Run(async () => await run());

    /// <summary>Asks the client (called while the upstream waits): the answer, once a retry brings it.</summary>
    public async ValueTask<InputResponse> AskAsync(InputRequest request, CancellationToken cancellationToken)
    {
        // One upstream request at a time is put to the client; a second one waits its turn.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            PendingInput pending;
            lock (_gate)
            {
                _round++;
                pending = new PendingInput(_round, "upstream_" + _round, request);
                _pending = pending;
                _asked.TrySetResult(pending);
            }

            using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
            return await pending.Answer.Task.WaitAsync(link.Token);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Waits until the call finishes (its result) or asks the client something (the request); <paramref name="cancellationToken"/>
    /// is the HTTP request's: if it ends before either, the call is cancelled (in this revision closing the stream cancels).
    /// </summary>
    public async Task<(CallToolResult? Result, PendingInput? Asked)> NextAsync(CancellationToken cancellationToken)
    {
        Task<PendingInput> asked;
        lock (_gate)
        {
            asked = _asked.Task;
        }

        using (cancellationToken.Register(static s => ((HeldExchange)s!).Cancel(), this))
        {
            var first = await Task.WhenAny(_run!, asked);
            if (first == _run)
            {
                return (await _run!, null);
            }
        }

        return (null, await asked);
    }

    /// <summary>Feeds the client's answer to round <paramref name="round"/>; false when that round is not the one waiting.</summary>
    public bool TryAnswer(int round, InputResponse answer)
    {
        PendingInput? pending;
        lock (_gate)
        {
            pending = _pending;
            if (pending is null || pending.Round != round)
            {
                return false;
            }

            _pending = null;
            _asked = new TaskCompletionSource<PendingInput>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return pending.Answer.TrySetResult(answer);
    }

    /// <summary>Cancels the call (nobody will answer: the client went away, or the hold expired).</summary>
    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and disposed.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cts.Dispose();
        _oneAtATime.Dispose();
    }
}
