using McpGateway.Connectors.Configuration;

namespace McpGateway.Policy.Callers;

/// <summary>
/// A rate limit of one API key, set when the key is made (<c>POST /v1/keys</c> <c>limit</c>, <c>mcpgw keys create
/// --limit-*</c>) and kept by a rotation: calls per window and/or calls at once, counted for that key alone in the store
/// beside <c>policy.limits</c>, which apply too.
/// </summary>
public sealed record KeyLimit
{
    /// <summary>The largest request count a window allows.</summary>
    public const int MaxRequests = 1_000_000;

    /// <summary>The largest concurrency.</summary>
    public const int MaxConcurrent = 10_000;

    private static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(1);

    /// <summary>Calls allowed per <see cref="Per"/>; null: no request limit.</summary>
    public int? Requests { get; init; }

    /// <summary>The window <see cref="Requests"/> are counted in.</summary>
    public TimeSpan? Per { get; init; }

    /// <summary>Calls allowed in flight at once; null: no concurrency limit.</summary>
    public int? Concurrent { get; init; }

    /// <summary>
    /// A limit from what an operator typed (<paramref name="per"/> like <c>30s</c>, <c>1m</c>), or null with
    /// <paramref name="error"/> saying what is wrong; null and no error when nothing was given.
    /// </summary>
    public static KeyLimit? Parse(long? requests, string? per, long? concurrent, out string? error)
    {
        error = null;
        if (requests is null && per is null && concurrent is null)
        {
            return null;
        }

        TimeSpan window = default;
        error = (requests is null) != (per is null) ? "a key's request limit needs both requests and per (30 per 1m)"
            : requests is < 1 or > MaxRequests ? $"requests must be from 1 to {MaxRequests}"
            : per is not null && (!ConfigValues.TryParseDuration(per, out window) || window < ShortestWindow || window > LongestWindow)
                ? $"per must be a window from 1s to 24h like 30s, 1m or 1h, got '{per}'"
            : concurrent is < 1 or > MaxConcurrent ? $"concurrent must be from 1 to {MaxConcurrent}"
            : null;
        return error is not null ? null : new KeyLimit
        {
            Requests = (int?)requests,
            Per = per is null ? null : window,
            Concurrent = (int?)concurrent,
        };
    }
}
