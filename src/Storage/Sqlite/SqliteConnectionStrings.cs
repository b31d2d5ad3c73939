using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>How every SQLite store opens its file: read-write-create, private cache, and one busy timeout.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>How long a writer waits on another process's write lock before failing.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    /// <summary>The connection string for the file at <paramref name="path"/>, pooled or not.</summary>
    public static string For(string path, bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = pooling,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();
}
