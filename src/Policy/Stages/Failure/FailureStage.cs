using System.Collections.Concurrent;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Scope;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly;

namespace McpGateway.Policy.Stages.Failure;

/// <summary>
/// The failure policy (Polly): per-attempt timeout, retry with exponential backoff and jitter only when safe (read-only
/// or idempotent tool, or an idempotency key held; an unknown outcome only after a probe showed no effect), a hard
/// cap, a circuit breaker per connector, a fallback tool once, and <c>on_failure: escalate</c>.
/// </summary>
public sealed class FailureStage(PolicyConfigSource policy, ToolCatalog catalog, ApprovalFreezer freezer, TimeProvider time) : IToolCallStage
{
    private static readonly ResiliencePropertyKey<ToolCallContext> ContextKey = new("mcpgw.context");
    private static readonly ResiliencePropertyKey<ToolCallDelegate> NextKey = new("mcpgw.next");
    private readonly ConcurrentDictionary<(int Retries, TimeSpan Delay), ResiliencePipeline<ToolCallOutcome>> _retries = new();
    private readonly ConcurrentDictionary<string, ResiliencePipeline<ToolCallOutcome>> _breakers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "failure";

    /// <inheritdoc />
    public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var card = context.Card!;
        var options = context.Options;
        var settings = policy.Current;
        context.Timeout = options?.Timeout ?? card.Timeout;
        var retries = Math.Min(options?.Retry ?? card.Retry ?? 0, settings.MaxRetries);

        var outcome = await RunAsync(context, next, retries, settings.RetryBaseDelay);
        if (outcome.Fault == ToolCallFault.MissingClientCapability)
        {
            // The caller's answer to give, not a failure to work around: declaring the capability is what helps.
            return outcome;
        }

        if (outcome.Status == ToolCallStatus.Failed && (options?.Fallback ?? card.Fallback) is { } fallback && !context.CancellationToken.IsCancellationRequested)
        {
            outcome = await FallbackAsync(context, next, fallback, outcome);
        }

        if (outcome.Status == ToolCallStatus.Failed && (options?.OnFailure is { } f ? f == "escalate" : card.EscalateOnFailure) && !context.CancellationToken.IsCancellationRequested)
        {
            var message = outcome.Message ?? "the tool reported an error";
            var record = await freezer.FreezeAsync(context, "escalated failure: " + message, null, null, null);
            context.Details["escalated"] = true;
            context.Record(Name, "escalated", record.Id);
            return ApprovalFreezer.Pending(record);
        }

        return outcome;
    }

    private async ValueTask<ToolCallOutcome> RunAsync(ToolCallContext context, ToolCallDelegate next, int retries, TimeSpan delay)
    {
        if (retries <= 0)
        {
            return await AttemptAsync(context, next);
        }

        var pipeline = _retries.GetOrAdd((retries, delay), static (k, self) => self.BuildRetry(k.Retries, k.Delay), this);
        var resilience = ResilienceContextPool.Shared.Get(context.CancellationToken);
        resilience.Properties.Set(ContextKey, context);
        resilience.Properties.Set(NextKey, next);
        try
        {
            return await pipeline.ExecuteAsync(
                static (r, self) => self.AttemptAsync(r.Properties.GetValue(ContextKey, null!), r.Properties.GetValue(NextKey, null!)),
                resilience,
                this);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return ToolCallOutcome.Cancelled("The call was cancelled by the caller between attempts.");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async ValueTask<ToolCallOutcome> AttemptAsync(ToolCallContext context, ToolCallDelegate next)
    {
        context.Attempts++;
        context.ProbeShowedNoEffect = false;
        var breaker = _breakers.GetOrAdd(context.Card!.Connector, static (_, self) => self.BuildBreaker(), this);
        try
        {
            return await breaker.ExecuteAsync(static (state, _) => state.next(state.context), (context, next), context.CancellationToken);
        }
        catch (BrokenCircuitException)
        {
            context.Record(Name, "circuit_open", context.Card.Connector);
            return ToolCallOutcome.Failed(ToolCallFault.CircuitOpen,
                $"Connector '{context.Card.Connector}' failed repeatedly, so calls to it fail fast for now; nothing was executed. Try again in a little while.");
        }
    }

    private async ValueTask<ToolCallOutcome> FallbackAsync(ToolCallContext context, ToolCallDelegate next, string fallback, ToolCallOutcome failed)
    {
        var original = context.Card!;
        var snapshot = catalog.Current;
        if (!snapshot.TryResolve(fallback, null, out var card) && !snapshot.TryResolve(fallback, original.Connector, out card))
        {
            context.Record(Name, "fallback_missing", fallback);
            return failed;
        }

        if (ScopeStage.CheckAll(context.Caller, card, context) is { } problem)
        {
            context.Record(Name, "fallback_denied", problem);
            return failed;
        }

        context.Record(Name, "fallback", card.Name);
        context.Details["fallback"] = card.Name;
        context.Card = card;
        context.Timeout = card.Timeout;
        return await AttemptAsync(context, next);
    }

    private ResiliencePipeline<ToolCallOutcome> BuildRetry(int retries, TimeSpan delay) =>
        new ResiliencePipelineBuilder<ToolCallOutcome> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ToolCallOutcome>
            {
                MaxRetryAttempts = retries,
                Delay = delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result is { } o && IsRetryable(args.Context.Properties.GetValue(ContextKey, null!), o)),
                OnRetry = static args =>
                {
                    var context = args.Context.Properties.GetValue(ContextKey, null!);
                    context.Record("failure", "retry", $"attempt {args.AttemptNumber + 2} after {args.RetryDelay.TotalMilliseconds:0}ms");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private ResiliencePipeline<ToolCallOutcome> BuildBreaker()
    {
        var settings = policy.Current;
        return new ResiliencePipelineBuilder<ToolCallOutcome> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ToolCallOutcome>
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, settings.BreakerFailures),
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = settings.BreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : settings.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { } o &&
                    o.Fault is ToolCallFault.UpstreamUnavailable or ToolCallFault.UpstreamError or ToolCallFault.Timeout or ToolCallFault.OutcomeUnknown),
            })
            .Build();
    }

    /// <summary>True when another attempt is safe and could help.</summary>
    internal static bool IsRetryable(ToolCallContext context, ToolCallOutcome outcome)
    {
        if (context.CancellationToken.IsCancellationRequested || outcome.Status != ToolCallStatus.Failed)
        {
            return false;
        }

        var card = context.Card!;
        var repeatable = card.ReadOnly || card.Idempotent;
        return outcome.Fault switch
        {
            ToolCallFault.UpstreamUnavailable or ToolCallFault.UpstreamError => repeatable || context.HeldIdempotencyKey is not null,
            ToolCallFault.Timeout or ToolCallFault.OutcomeUnknown => repeatable || context.ProbeShowedNoEffect,
            ToolCallFault.None => repeatable && outcome.Result?.IsError == true,
            _ => false,
        };
    }
}
