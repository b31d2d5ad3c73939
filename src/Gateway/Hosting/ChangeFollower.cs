using System.Collections.Concurrent;
using McpGateway.Connectors.Changes;

namespace McpGateway.Hosting;

/// <summary>
/// This process's end of the <see cref="IChangeFeed"/>: announces its own changes and hands each change another process
/// announced to the handler registered for its topic (a resync notice to every handler, with an empty subject: "reread
/// everything"). A handler's failure is logged; the next notice still comes.
/// </summary>
internal sealed partial class ChangeFollower(IChangeFeed feed, ILogger<ChangeFollower> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<string, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _following = Task.CompletedTask;

    /// <summary>Sets what to do when another process changed <paramref name="topic"/> (the subject, or "" for everything).</summary>
    public void Handle(string topic, Func<string, Task> handler) => _handlers[topic] = handler;

    /// <summary>Tells the other processes; a failure is logged, not thrown (the change itself is stored already).</summary>
    public async Task PublishAsync(string topic, string subject)
    {
        try
        {
            await feed.PublishAsync(new ChangeNotice(topic, subject), _stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PublishFailed(logger, topic, subject, ex);
        }
    }

    public void Start() => _following = feed.FollowAsync(DispatchAsync, _stopping.Token);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await feed.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task DispatchAsync(ChangeNotice notice)
    {
        var handlers = notice.Topic == ChangeNotice.Resync
            ? _handlers.Values.ToList()
            : _handlers.TryGetValue(notice.Topic, out var one) ? [one] : [];
        var subject = notice.Topic == ChangeNotice.Resync ? "" : notice.Subject;
        foreach (var handler in handlers)
        {
            try
            {
                await handler(subject);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(logger, notice.Topic, notice.Subject, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not tell the other processes that {Topic} '{Subject}' changed; they see it on their next resync")]
        public static partial void PublishFailed(ILogger logger, string topic, string subject, Exception ex);

        [LoggerMessage(2, LogLevel.Error, "Acting on another process's change of {Topic} '{Subject}' failed")]
        public static partial void HandlerFailed(ILogger logger, string topic, string subject, Exception ex);
    }
}
