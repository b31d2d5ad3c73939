using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Hosting;

/// <summary>
/// Deletes expired idempotency keys in the background. An expired key already acts as absent (a new call replaces it);
/// without this, every key ever used would stay in the database. Runs every quarter of the window, between 1 second
/// and 10 minutes, in bounded chunks (see <see cref="IIdempotencyStore.PurgeExpiredAsync"/>).
/// </summary>
internal sealed partial class IdempotencyPurger(
    IIdempotencyStore store, PolicyConfigSource policy, TimeProvider time, ILogger<IdempotencyPurger> logger) : RecurringService(time)
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait between purges for a window.</summary>
    public static TimeSpan IntervalFor(TimeSpan window) => TimeSpan.FromTicks(Math.Clamp(window.Ticks / 4, Shortest.Ticks, Longest.Ticks));

    /// <inheritdoc />
    protected override TimeSpan Interval => IntervalFor(policy.Current.IdempotencyWindow);

    /// <inheritdoc />
    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var purged = await store.PurgeExpiredAsync(Time.GetUtcNow(), cancellationToken);
        if (purged > 0)
        {
            Log.Purged(logger, purged);
        }
    }

    // The next round tries again; an expired key left behind still acts as absent.
    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.Failed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Idempotency: purged {Count} expired keys")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Idempotency: purging expired keys failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
