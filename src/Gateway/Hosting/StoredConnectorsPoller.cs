using McpGateway.Connectors.Runtime;

namespace McpGateway.Hosting;

/// <summary>
/// Reads the connectors kept in the store once a minute: the safety net under the change feed, which brings a connector
/// added, changed or removed over REST on one process to the others at once but can miss a notice (a NOTIFY sent while
/// a listener was reconnecting is followed by a resync; one that failed to send is not).
/// </summary>
internal sealed partial class StoredConnectorsPoller(RuntimeConnectors connectors, TimeProvider time, ILogger<StoredConnectorsPoller> logger)
    : RecurringService(time)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    protected override Task RunRoundAsync(CancellationToken cancellationToken) => connectors.RefreshAsync(cancellationToken);

    // The next round reads again; the connectors already running keep running.
    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.Failed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Reading the stored connectors failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
