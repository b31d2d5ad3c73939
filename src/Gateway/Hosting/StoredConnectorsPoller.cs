using McpGateway.Connectors.Runtime;

namespace McpGateway.Hosting;

/// <summary>
/// Reads the connectors kept in the store every two seconds, so a connector added, changed or removed over REST on one
/// process runs on every process sharing the store (the process that took the request applies it at once).
/// </summary>
internal sealed partial class StoredConnectorsPoller(RuntimeConnectors connectors, TimeProvider time, ILogger<StoredConnectorsPoller> logger)
    : RecurringService(time)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

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
