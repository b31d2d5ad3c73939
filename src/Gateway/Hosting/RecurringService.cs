namespace McpGateway.Hosting;

/// <summary>
/// Background work done in rounds: waits <see cref="Interval"/>, runs <see cref="RunRoundAsync"/>, and repeats until
/// the host stops. A failed round is logged by <see cref="RoundFailed"/> and the next round tries again.
/// </summary>
internal abstract class RecurringService(TimeProvider time) : BackgroundService
{
    /// <summary>The clock the rounds wait on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>How long to wait before each round.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of the work.</summary>
    protected abstract Task RunRoundAsync(CancellationToken cancellationToken);

    /// <summary>Logs a round that failed.</summary>
    protected abstract void RoundFailed(Exception exception);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, Time, stoppingToken);
                await RunRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                RoundFailed(ex);
            }
        }
    }
}
