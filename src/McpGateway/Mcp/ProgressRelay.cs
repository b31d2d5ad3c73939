using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>Forwards the upstream's progress to the client under the client's own progress token.</summary>
internal sealed class ProgressRelay(McpServer server, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    public void Report(ProgressNotificationValue value) =>
        _ = server.NotifyProgressAsync(token, value).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
}
