using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Hosting;

/// <summary>
/// Finishes tool-call approvals left in deciding by a gateway that stopped mid-decision (see
/// <see cref="ApprovalService.RecoverStuckAsync"/>). A claim counts as stuck after <c>Approvals:StuckAfter</c> (default
/// 10 minutes: longer than an approved call's timeout and retries, so a replica still carrying a decision out is left
/// alone); rounds run every half of that, between 1 second and 1 minute.
/// </summary>
internal sealed partial class StuckApprovalRecovery(
    ApprovalService approvals, IConfiguration configuration, TimeProvider time, ILogger<StuckApprovalRecovery> logger) : RecurringService(time)
{
    private static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(10);

    private readonly TimeSpan _stuckAfter = configuration.GetValue<TimeSpan?>("Approvals:StuckAfter") ?? DefaultStuckAfter;

    /// <summary>How long between rounds for a stuck-after time.</summary>
    public static TimeSpan IntervalFor(TimeSpan stuckAfter) =>
        TimeSpan.FromTicks(Math.Clamp(stuckAfter.Ticks / 2, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));

    /// <inheritdoc />
    protected override TimeSpan Interval => IntervalFor(_stuckAfter);

    /// <inheritdoc />
    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var recovered = await approvals.RecoverStuckAsync(_stuckAfter, cancellationToken);
        if (recovered > 0)
        {
            Log.Recovered(logger, recovered);
        }
    }

    // The next round tries again; a stuck approval only waits longer.
    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.Failed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Approvals: finished or reopened {Count} approvals left in deciding by a gateway that stopped mid-decision")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Approvals: recovering approvals stuck in deciding failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
