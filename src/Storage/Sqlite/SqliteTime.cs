using System.Data.Common;

namespace McpGateway.Storage.Sqlite;

/// <summary>Timestamps in SQLite are INTEGER microseconds since the Unix epoch, UTC (sortable, as precise as PostgreSQL).</summary>
internal static class SqliteTime
{
    /// <summary>To Unix microseconds; sub-microsecond ticks are dropped.</summary>
    public static long ToDb(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>From Unix microseconds, as a UTC offset.</summary>
    public static DateTimeOffset FromDb(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>Reads a non-null timestamp column.</summary>
    public static DateTimeOffset Read(DbDataReader reader, int ordinal) => FromDb(reader.GetInt64(ordinal));

    /// <summary>Boxed for a parameter.</summary>
    public static object ToDbObject(DateTimeOffset value) => ToDb(value);
}
