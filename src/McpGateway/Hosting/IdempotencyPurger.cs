using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Hosting;

/// <summary>
/// Deletes expired idempotency keys in the background. An expired key already acts as absent (a new call replaces it);
/// without this, every key ever used would stay in the database. Runs every quarter of the window, between 1 second
/// and 10 minutes, in bounded chunks (see <see cref="IIdempotencyStore.PurgeExpiredAsync"/>).
/// </summary>
internal sealed partial class IdempotencyPurger(
    IIdempotencyStore store, PolicyConfigSource policy, TimeProvider time, ILogger<IdempotencyPurger> logger) : BackgroundService
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait between purges for a window.</summary>
    public static TimeSpan Interval(TimeSpan window) => TimeSpan.FromTicks(Math.Clamp(window.Ticks / 4, Shortest.Ticks, Longest.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval(policy.Current.IdempotencyWindow), time, stoppingToken);
                var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), stoppingToken);
                if (purged > 0)
                {
                    Log.Purged(logger, purged);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next round tries again; an expired key left behind still acts as absent.
                Log.Failed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Idempotency: purged {Count} expired keys")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Idempotency: purging expired keys failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
