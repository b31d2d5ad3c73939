using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Storage.Postgres;

/// <summary>Timestamps in PostgreSQL are <c>timestamptz</c> (microseconds); Npgsql takes and returns them in UTC.</summary>
internal static class PostgresTime
{
    /// <summary>A timestamptz parameter.</summary>
    public static NpgsqlParameter Parameter(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    /// <summary>The value to bind for a timestamp filter.</summary>
    public static object ToDbObject(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>Reads a non-null timestamptz column.</summary>
    public static DateTimeOffset Read(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
