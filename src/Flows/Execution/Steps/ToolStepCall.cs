using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;

namespace McpGateway.Flows.Execution.Steps;

/// <summary>
/// One tool step's calls in one pass, and what decides whether to call again: after a definite failure, with attempts
/// left, a new attempt under a new key (<c>:{attempt}</c>); while the outcome is unknown or the connector unreachable, the
/// same key again (the gateway replays or refuses it, so nothing runs twice), bounded by the step's <c>timeout</c> and by
/// <see cref="FlowEngineOptions.UnavailableWait"/>.
/// </summary>
internal sealed class ToolStepCall(IFlowToolInvoker tools, RunState state, FlowStep step, int iteration, JsonObject args, int attempt,
    TimeSpan unavailableWait, TimeProvider time, Func<FlowToolResult, Task> newAttempt) : IDisposable
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    // The longest one timer can wait.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly int _maxAttempts = step.Retry?.Attempts ?? 1;
    private int _attempt = attempt;
    private int _failures;
    private TimeSpan _wait = FirstWait;
    private DateTimeOffset? _unavailableSince;
    private CancellationTokenSource? _timeout;
    private DateTimeOffset _deadline;
    private FlowToolResult? _last;
    private bool _timedOut;

    /// <summary>Makes one call under the current attempt's key.</summary>
    public async ValueTask<FlowToolResult> CallAsync(CancellationToken cancellationToken)
    {
        if (_timeout is null && step.Timeout is { } timeout)
        {
            _timeout = new CancellationTokenSource(timeout, time);
            _deadline = time.GetUtcNow() + timeout;
        }

        if (_timeout is not null && (_timeout.IsCancellationRequested || time.GetUtcNow() >= _deadline))
        {
            return TimedOut();
        }

        using var linked = _timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        var call = new FlowToolCall(step.Tool!, (JsonObject)args.DeepClone(), Key(), state.Run, step.Key);
        FlowToolResult result;
        try
        {
            result = _last = await tools.InvokeAsync(call, linked?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (_timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut();
        }

        if (result.Kind == FlowToolResultKind.Unavailable)
        {
            // A connector coming back after a restart is normal; one that stays away past the bound fails the attempt.
            _unavailableSince ??= time.GetUtcNow();
            if (time.GetUtcNow() - _unavailableSince >= unavailableWait)
            {
                return result with { Kind = FlowToolResultKind.Failed, Error = $"{result.Error} (still unavailable after {unavailableWait.TotalSeconds:0} s)" };
            }
        }

        return result;
    }

    /// <summary>True when the call is made again: the same key while unknown or unreachable, a new one after a definite failure.</summary>
    public bool ShouldRetry(FlowToolResult result) => result.Kind switch
    {
        FlowToolResultKind.Unknown => !_timedOut,
        FlowToolResultKind.Unavailable => true,
        FlowToolResultKind.Failed => _attempt < _maxAttempts,
        _ => false, // succeeded, frozen for approval, or undetermined (a new key could run the effect twice)
    };

    /// <summary>The wait before the next call: the step's doubling backoff after a failure, else a doubling wait up to 5 s within the timeout.</summary>
    public TimeSpan DelayBefore(FlowToolResult result)
    {
        if (result.Kind == FlowToolResultKind.Failed)
        {
            var backoff = (step.Retry?.Backoff ?? TimeSpan.Zero).TotalMilliseconds * Math.Pow(2, _failures);
            return TimeSpan.FromMilliseconds(Math.Min(backoff, MaxBackoff.TotalMilliseconds));
        }

        if (_timeout is null)
        {
            return _wait;
        }

        var left = _deadline - time.GetUtcNow();
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < _wait ? left : _wait;
    }

    /// <summary>Before the next call: a new attempt after a definite failure (committed by the step first), else a longer wait.</summary>
    public async ValueTask OnRetryAsync(FlowToolResult result)
    {
        if (result.Kind != FlowToolResultKind.Failed)
        {
            _wait = _wait * 2 > MaxWait ? MaxWait : _wait * 2;
            return;
        }

        _attempt++;
        _failures++;
        _wait = FirstWait;
        _unavailableSince = null;
        _last = null;
        _timedOut = false;
        _timeout?.Dispose();
        _timeout = null;
        await newAttempt(result);
    }

    public void Dispose() => _timeout?.Dispose();

    /// <summary>
    /// The attempt's timeout passed. Unreachable all along: nothing ran, a definite failure. Otherwise the call may have
    /// taken effect: not definite, so it is not retried with a new key.
    /// </summary>
    private FlowToolResult TimedOut()
    {
        _timedOut = true;
        return _last?.Kind == FlowToolResultKind.Unavailable
            ? _last with { Kind = FlowToolResultKind.Failed, Error = $"{_last.Error} (still unavailable after the step's {step.Timeout} timeout)" }
            : new FlowToolResult(FlowToolResultKind.Unknown, Error: $"timed out after {step.Timeout} with its outcome unknown");
    }

    private string Key() =>
        string.Create(CultureInfo.InvariantCulture, $"run:{state.Run.Id}:{step.Key}:{iteration}") +
        (_attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $":{_attempt}") : "");
}
