namespace TestUpstream.Http;

internal sealed partial class McpHttpEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "MCP session {SessionId} started.")]
        public static partial void SessionStarted(ILogger logger, string sessionId);

        [LoggerMessage(2, LogLevel.Information, "MCP session {SessionId} ended.")]
        public static partial void SessionEnded(ILogger logger, string sessionId);
    }
}
