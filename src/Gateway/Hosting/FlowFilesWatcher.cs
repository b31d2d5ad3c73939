namespace McpGateway.Hosting;

/// <summary>
/// Watches <c>flows_dir</c> (that folder only, not its subfolders) and loads its flow files again when one is written,
/// created or renamed there. Loading is idempotent: a file whose content did not change gets no new version.
/// </summary>
internal sealed partial class FlowFilesWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<CancellationToken, Task<int>> _load;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Starts watching <paramref name="directory"/>, which must exist; <paramref name="load"/> loads its files.</summary>
    public FlowFilesWatcher(string directory, Func<CancellationToken, Task<int>> load, ILogger logger)
    {
        _load = load;
        _logger = logger;
        _debounce = new Timer(_ => _ = LoadAsync(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        foreach (var pattern in new[] { "*.yaml", "*.yml", "*.json" })
        {
            _watcher.Filters.Add(pattern);
        }

        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _watcher.Dispose();
        _debounce.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    // Editors write in several steps; wait for the writes to settle.
    private void Schedule() => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);

    private async Task LoadAsync()
    {
        CancellationToken token;
        try
        {
            token = _stopping.Token;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        await _gate.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (token.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var loaded = await _load(token);
            Log.Reloaded(_logger, loaded);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // on a timer thread: anything escaping would end a process that still serves the flows it has
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReloadFailed(_logger, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "A flow file changed: loaded {Count} flow files again")]
        public static partial void Reloaded(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Error, "Loading the flow files again failed")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);
    }
}
