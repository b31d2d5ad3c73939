using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Batching;

internal sealed partial class GroupCommitWriter<TItem>
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A group commit of {Count} writes failed; retrying each write on its own.")]
        public static partial void BatchFailed(ILogger logger, int count, Exception exception);
    }
}
