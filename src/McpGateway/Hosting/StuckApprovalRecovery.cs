using McpGateway.Policy.Approvals;

namespace McpGateway.Hosting;

/// <summary>
/// Finishes tool-call approvals left in deciding by a gateway that stopped mid-decision (see
/// <see cref="ApprovalService.RecoverStuckAsync"/>). A claim counts as stuck after <c>Approvals:StuckAfter</c> (default
/// 10 minutes: longer than an approved call's timeout and retries, so a replica still carrying a decision out is left
/// alone); rounds run every half of that, between 1 second and 1 minute.
/// </summary>
internal sealed partial class StuckApprovalRecovery(
    ApprovalService approvals, IConfiguration configuration, TimeProvider time, ILogger<StuckApprovalRecovery> logger) : BackgroundService
{
    private static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long between rounds for a stuck-after time.</summary>
    public static TimeSpan Interval(TimeSpan stuckAfter) =>
        TimeSpan.FromTicks(Math.Clamp(stuckAfter.Ticks / 2, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stuckAfter = configuration.GetValue<TimeSpan?>("Approvals:StuckAfter") ?? DefaultStuckAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval(stuckAfter), time, stoppingToken);
                var recovered = await approvals.RecoverStuckAsync(stuckAfter, stoppingToken);
                if (recovered > 0)
                {
                    Log.Recovered(logger, recovered);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next round tries again; a stuck approval only waits longer.
                Log.Failed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Approvals: finished or reopened {Count} approvals left in deciding by a gateway that stopped mid-decision")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Approvals: recovering approvals stuck in deciding failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
