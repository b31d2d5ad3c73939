using System.Globalization;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using Microsoft.Extensions.Logging;

namespace McpGateway.Policy.Stages.RateLimit;

/// <summary>
/// Enforces <c>policy.limits</c> before anything costly or effectful runs: each limit that applies to the tool counts the
/// call for its subject (the caller's key or agent, the tool or its connector) in the store, requests per fixed window
/// and calls in flight, so replicas on one store share the counts. A call over a limit is refused with
/// <see cref="ToolCallFault.RateLimited"/> and <c>retry_after_s</c>; nothing ran. A slot is freed when the call ends,
/// or by instance recovery when the process holding it dies.
/// </summary>
/// <remarks>
/// Slots are taken first (they can be given back), then requests counted: a call refused for concurrency uses none of
/// its subject's requests. A call refused by one request limit has been counted by the request limits before it.
/// A later round of an execution (a thawed approval, a Multi Round-Trip answer) is the same call and is not counted again.
/// A key made with a limit of its own (<see cref="ApiKey.Limit"/>) is limited by it as well, under the name
/// <see cref="KeyLimitName"/>, which no configured limit can take.
/// </remarks>
public sealed partial class RateLimitStage(
    IRateLimitStore store, PolicyConfigSource policy, RateLimitOptions options, TimeProvider time, ILogger<RateLimitStage> logger) : IToolCallStage
{
    /// <summary>A subject for a count by key or agent when the call has none (auth off, no claimed agent): all such calls share it.</summary>
    public const string NoSubject = "(none)";

    /// <summary>The counters' name of a key's own limit (<see cref="ApiKey.Limit"/>); configured names cannot have parentheses.</summary>
    public const string KeyLimitName = "(key)";

    /// <inheritdoc />
    public string Name => "limit";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var limits = policy.Current.Limits;
        var own = context.Caller.Key?.Limit;
        if ((limits.Count == 0 && own is null) || context.Continues is not null || context.Thaw is not null ||
            (own is null && !AnyApplies(limits, context.Card!)))
        {
            return next(context);
        }

        return InvokeLimitedAsync(context, next, Effective(limits, context));
    }

    /// <summary>The subject <paramref name="limit"/> counts this call under.</summary>
    public static string SubjectOf(LimitConfig limit, ToolCallContext context)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(context);
        return limit.By switch
        {
            "key" => context.Caller.Key?.Id ?? NoSubject,
            "agent" => context.Caller.Agent ?? NoSubject,
            "tool" => context.Card!.Name,
            _ => context.Card!.Connector,
        };
    }

    /// <summary>True when <paramref name="limit"/> applies to calls of <paramref name="card"/>.</summary>
    public static bool Applies(LimitConfig limit, CapabilityCard card)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(card);
        if (limit.Tools.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < limit.Tools.Count; i++)
        {
            if (Glob.IsMatch(limit.Tools[i], card.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The start of the fixed window of length <paramref name="per"/> that <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan per) =>
        new(now.UtcTicks - (now.UtcTicks % per.Ticks), TimeSpan.Zero);

    private static bool AnyApplies(IReadOnlyList<LimitConfig> limits, CapabilityCard card)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            if (Applies(limits[i], card))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The configured limits that apply to the call, and the key's own.</summary>
    private static List<LimitConfig> Effective(IReadOnlyList<LimitConfig> limits, ToolCallContext context)
    {
        var effective = new List<LimitConfig>(limits.Count + 1);
        foreach (var limit in limits)
        {
            if (Applies(limit, context.Card!))
            {
                effective.Add(limit);
            }
        }

        if (context.Caller.Key?.Limit is { } own)
        {
            effective.Add(new LimitConfig { Name = KeyLimitName, By = "key", Requests = own.Requests, Per = own.Per, Concurrent = own.Concurrent });
        }

        return effective;
    }

    private async ValueTask<ToolCallOutcome> InvokeLimitedAsync(ToolCallContext context, ToolCallDelegate next, List<LimitConfig> limits)
    {
        var holder = context.ExecutionId.Length > 0 ? context.ExecutionId : Guid.CreateVersion7().ToString("N");
        var held = new List<(string Limit, string Subject)>();
        try
        {
            var now = time.GetUtcNow();
            foreach (var limit in limits)
            {
                if (limit.Concurrent is { } max)
                {
                    var subject = SubjectOf(limit, context);
                    if (!await store.TryHoldAsync(limit.Name, subject, holder, max, options.InstanceId, now, context.CancellationToken))
                    {
                        return Refuse(context, limit, subject, options.ConcurrencyRetryAfter,
                            $"{max} {Calls(max)} at once for {Describe(limit, context)}, and that many are in flight");
                    }

                    held.Add((limit.Name, subject));
                }
            }

            foreach (var limit in limits)
            {
                if (limit is { Requests: { } max, Per: { } per })
                {
                    var subject = SubjectOf(limit, context);
                    var start = WindowStart(now, per);
                    if (!await store.TryCountAsync(limit.Name, subject, start, start + per, max, context.CancellationToken))
                    {
                        return Refuse(context, limit, subject, start + per - now,
                            $"{max} {Calls(max)} per {Window(per)} for {Describe(limit, context)}");
                    }
                }
            }

            context.Record(Name, "allowed", string.Join(", ", limits.Select(l => l.Name)));
            return await next(context);
        }
        finally
        {
            foreach (var (limit, subject) in held)
            {
                try
                {
                    // Not the caller's token: a cancelled call must still give its slot back.
                    await store.ReleaseAsync(limit, subject, holder, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    Log.ReleaseFailed(logger, limit, holder, ex);
                }
            }
        }
    }

    private ToolCallOutcome Refuse(ToolCallContext context, LimitConfig limit, string subject, TimeSpan wait, string what)
    {
        // Whole seconds, rounded up, at least one: what a Retry-After header can say, and never "retry now".
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        context.Record(Name, "limited", $"{limit.Name}: {limit.By} {subject}");
        context.Details["limit"] = limit.Name;
        context.Details["limit_by"] = limit.By;
        context.Details["retry_after_s"] = seconds;
        var which = limit.Name == KeyLimitName ? $"Rate limit of key '{context.Caller.Key!.Name}'" : $"Rate limit '{limit.Name}'";
        var message = string.Create(CultureInfo.InvariantCulture, $"{which}: {what}; nothing was executed; retry after {seconds} s.");
        return ToolCallOutcome.Refused(ToolCallStatus.Denied, ToolCallFault.RateLimited, message);
    }

    private static string Describe(LimitConfig limit, ToolCallContext context) => limit.Name == KeyLimitName ? "this key" : limit.By switch
    {
        "key" => context.Caller.Key is { } key ? $"key '{key.Name}'" : "calls without a key",
        "agent" => context.Caller.Agent is { } agent ? $"agent '{agent}'" : "calls without an agent",
        "tool" => $"tool '{context.Card!.Name}'",
        _ => $"connector '{context.Card!.Connector}'",
    };

    private static string Calls(int n) => n == 1 ? "call" : "calls";

    private static string Window(TimeSpan per) =>
        per.TotalHours >= 1 && per.TotalHours % 1 == 0 ? (per.TotalHours == 1 ? "hour" : $"{per.TotalHours:0} hours")
        : per.TotalMinutes >= 1 && per.TotalMinutes % 1 == 0 ? (per.TotalMinutes == 1 ? "minute" : $"{per.TotalMinutes:0} minutes")
        : string.Create(CultureInfo.InvariantCulture, $"{per.TotalSeconds:0.###} s");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Rate limit {Limit}: could not free the slot of execution {Holder}; it stays held until this process stops")]
        public static partial void ReleaseFailed(ILogger logger, string limit, string holder, Exception ex);
    }
}
