using Microsoft.Extensions.Logging;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connector {Connector} connected with {Tools} tools")]
        public static partial void Connected(ILogger logger, string connector, int tools);

        [LoggerMessage(2, LogLevel.Warning, "Connector {Connector} is down: {Reason}; retrying in {DelayMs} ms")]
        public static partial void Down(ILogger logger, string connector, string reason, double delayMs);

        [LoggerMessage(3, LogLevel.Information, "[{Connector} stderr] {Line}")]
        public static partial void Stderr(ILogger logger, string connector, string line);

        [LoggerMessage(4, LogLevel.Warning, "Connector {Connector}: refreshing its lists failed: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string connector, string reason);

        [LoggerMessage(5, LogLevel.Debug, "Connector {Connector}: disposing the old client failed: {Reason}")]
        public static partial void DisposeFailed(ILogger logger, string connector, string reason);

        [LoggerMessage(6, LogLevel.Information, "Connector {Connector}: the upstream forgot our session (404); replaying on the re-created session")]
        public static partial void SessionExpired(ILogger logger, string connector);

        [LoggerMessage(8, LogLevel.Information, "Connector {Connector}: {Reason}; connecting again in place, its tools stay listed until the new connection replaces them")]
        public static partial void SessionRecreated(ILogger logger, string connector, string reason);

        [LoggerMessage(9, LogLevel.Debug, "Connector {Connector}: the subscriptions/listen stream ended ({Reason}); opening it again")]
        public static partial void ListenEnded(ILogger logger, string connector, string reason);

        [LoggerMessage(10, LogLevel.Warning, "Connector {Connector}: tools.{Tool} in the configuration names no tool of this upstream; the override does nothing{Hint}")]
        public static partial void UnknownOverride(ILogger logger, string connector, string tool, string hint);

        [LoggerMessage(7, LogLevel.Debug, "Connector {Connector}: sending notifications/cancelled failed: {Reason}")]
        public static partial void CancelFailed(ILogger logger, string connector, string reason);
    }
}
