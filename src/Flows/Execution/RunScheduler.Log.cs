using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Execution;

internal sealed partial class RunScheduler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not look up the runs waiting on approval {ApprovalId}; the poller will recheck them")]
        public static partial void WakeFailed(ILogger logger, string approvalId, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Polling the run store failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Run {RunId} could not be executed; it stays resumable")]
        public static partial void RunCrashed(ILogger logger, string runId, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "Run {RunId}: this engine ({Owner}) lost its lease (it lapsed and another engine took the run); it stopped writing the run")]
        public static partial void LeaseLost(ILogger logger, string runId, string owner);
    }
}
