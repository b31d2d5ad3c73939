namespace McpGateway.Storage.Sqlite;

/// <summary>
/// Creates a store's SQLite file private to its owner before SQLite opens it: the directory 0700 when the gateway makes
/// it, the file 0600 (SQLite gives its -wal and -shm files the database file's mode). A file an older build left
/// readable by others is made private too. The stores hold approvals, arguments and sealed credentials.
/// </summary>
internal static class SqliteFiles
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Makes the directory and the file (empty, which SQLite takes as a new database) if they are missing.</summary>
    public static void Prepare(string path)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private });
        }
        catch (IOException) when (File.Exists(path))
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                MakePrivate(file);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakePrivate(string file)
    {
        try
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & Shared) != 0)
            {
                File.SetUnixFileMode(file, Private);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to change (another user's file we may still open): leave it as the operator set it.
        }
    }
}
