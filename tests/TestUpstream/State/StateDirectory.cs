namespace TestUpstream.State;

/// <summary>
/// Where the side-effect state lives: the directory named by <c>TESTUPSTREAM_STATE_DIR</c>, or nowhere (memory only).
/// Every read-modify-write runs under <see cref="Locked{T}"/>: an in-process lock, plus an exclusive lock file when
/// there is a directory, because a restarted or second TestUpstream process may share it.
/// </summary>
internal sealed class StateDirectory
{
    public const string EnvironmentVariable = "TESTUPSTREAM_STATE_DIR";

    private const string LockFileName = ".lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();

    private StateDirectory(string? path) => Path = path;

    /// <summary>The directory, or null when state is kept in memory only.</summary>
    public string? Path { get; }

    public static StateDirectory FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return new StateDirectory(null);
        }

        Directory.CreateDirectory(path);
        return new StateDirectory(System.IO.Path.GetFullPath(path));
    }

    public JsonLinesLog<T> Log<T>(string fileName) =>
        new(Path is null ? null : System.IO.Path.Combine(Path, fileName));

    public T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            using var fileLock = AcquireFileLock();
            return action();
        }
    }

    public void Locked(Action action) => Locked(() =>
    {
        action();
        return true;
    });

    private FileStream? AcquireFileLock()
    {
        if (Path is null)
        {
            return null;
        }

        // FileShare.None takes an exclusive flock on Unix; another process holding it makes the open throw.
        var lockPath = System.IO.Path.Combine(Path, LockFileName);
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(LockRetryDelay);
            }
        }
    }
}
