using McpGateway.Connectors.Changes;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Hosting;

/// <summary>
/// Every few seconds, refreshes the OAUTH2 connections whose access token is about to expire (<see cref="OAuthRefresher"/>)
/// and then does what a connection set over REST does: reconnects this process's connectors that use it and announces it,
/// so every other process reconnects its own.
/// </summary>
internal sealed partial class ConnectionRefresher(
    OAuthRefresher refresher, UpstreamHub hub, ChangeFollower changes, JournalOptions instance, TimeProvider time, ILogger<ConnectionRefresher> logger)
    : RecurringService(time)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        foreach (var name in await refresher.RefreshDueAsync(instance.InstanceId, cancellationToken))
        {
            hub.ReconnectReferencing(name);
            await changes.PublishAsync(ChangeNotice.Connection, name);
        }
    }

    // The next round tries again; a token only comes closer to its expiry.
    /// <inheritdoc />
    protected override void RoundFailed(Exception exception) => Log.Failed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connections: refreshing OAuth access tokens failed; trying again next round")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
