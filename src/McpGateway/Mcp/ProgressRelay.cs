using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

/// <summary>
/// Forwards the upstream's progress to the client under the client's own progress token, one notification after
/// the other, so they arrive in order; <see cref="FlushAsync"/> lets the result wait until all were sent.
/// </summary>
internal sealed class ProgressRelay(McpServer server, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public void Report(ProgressNotificationValue value)
    {
        lock (_gate)
        {
            _last = SendAfterAsync(_last, value);
        }
    }

    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _last;
        }
    }

    private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
    {
        await previous;
        try
        {
            await server.NotifyProgressAsync(token, value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A client that went away cannot get progress; the call's own result reports what matters.
        }
    }
}
