using Microsoft.Extensions.Logging;

namespace McpGateway.Connectors.Configuration;

/// <summary>
/// Watches <c>connectors.yaml</c> and reloads it when it changes (editors that save by rename included). A valid
/// file is handed to <see cref="Reloaded"/>; an invalid one is logged with every error and the last good
/// configuration stays in force.
/// </summary>
public sealed partial class ConfigWatcher : IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<IConfigCheck> _checks;
    private string? _lastText;

    /// <summary>Starts watching the file a configuration came from.</summary>
    public ConfigWatcher(GatewayConfig initial, ILogger<ConfigWatcher> logger)
        : this(initial, [], logger)
    {
    }

    /// <summary>Starts watching the file a configuration came from; every reload also runs <paramref name="checks"/>.</summary>
    public ConfigWatcher(GatewayConfig initial, IReadOnlyList<IConfigCheck> checks, ILogger<ConfigWatcher> logger)
    {
        _checks = checks;
        _path = initial.SourcePath ?? throw new ArgumentException("Only a configuration loaded from a file can be watched.", nameof(initial));
        _logger = logger;
        _lastText = TryRead();
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        // The file's folder only: a recursive watch would walk every folder below it before the first event.
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Raised with each new valid configuration.</summary>
    public event Action<GatewayConfig>? Reloaded;

    /// <summary>Raised with the errors of an invalid file (the last good configuration stays).</summary>
    public event Action<ConfigException>? Rejected;

    // Editors write in several steps; wait for the writes to settle.
    private void Schedule() => _debounce.Change(200, Timeout.Infinite);

    private void Reload()
    {
        lock (_gate)
        {
            var text = TryRead();
            if (text is null || text == _lastText)
            {
                return;
            }

            _lastText = text;
            GatewayConfig config;
            try
            {
                config = ConfigLoader.Parse(text, _path, _checks);
            }
            catch (ConfigException ex)
            {
                Log.Rejected(_logger, _path, ex.Message);
                Rejected?.Invoke(ex);
                return;
            }
#pragma warning disable CA1031 // this runs on a timer thread: anything escaping it would end the process that still serves the last good config
            catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                Log.ReloadFailed(_logger, _path, ex);
                Rejected?.Invoke(new ConfigException([new ConfigError(_path, "", 0, $"the file could not be read as a configuration ({ex.GetType().Name})")]));
                return;
            }

            Log.Reloaded(_logger, _path, config.Connectors.Count);
            Reloaded?.Invoke(config);
        }
    }

    private string? TryRead()
    {
        try
        {
            return YamlText.ReadFile(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reloaded {Path}: {Count} connectors")]
        public static partial void Reloaded(ILogger logger, string path, int count);

        [LoggerMessage(2, LogLevel.Error, "Kept the last good configuration: {Path} is invalid. {Errors}")]
        public static partial void Rejected(ILogger logger, string path, string errors);

        [LoggerMessage(3, LogLevel.Error, "Kept the last good configuration: reading {Path} failed")]
        public static partial void ReloadFailed(ILogger logger, string path, Exception exception);
    }
}
