using McpGateway.Policy.Stages.RateLimit;

namespace McpGateway.Hosting;

/// <summary>
/// Deletes the counters of ended rate limit windows once a minute. An ended window is never read again (a call counts
/// in the window it falls in); without this, every window of every subject would stay in the database.
/// </summary>
internal sealed partial class RateLimitPurger(IRateLimitStore store, TimeProvider time, ILogger<RateLimitPurger> logger) : RecurringService(time)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var purged = await store.PurgeExpiredAsync(Time.GetUtcNow(), cancellationToken);
        if (purged > 0)
        {
            Log.Purged(logger, purged);
        }
    }

    // The next round tries again; an ended window left behind is only a row.
    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.Failed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Rate limits: purged {Count} ended windows")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Rate limits: purging ended windows failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
