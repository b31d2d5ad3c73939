using System.Data.Common;

namespace McpGateway.Storage.Relational;

/// <summary>Reads of nullable columns that both backends share.</summary>
internal static class DbDataReaderExtensions
{
    /// <summary>A nullable text column.</summary>
    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A nullable integer column.</summary>
    public static int? GetNullableInt32(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>A nullable timestamp column, read the way <paramref name="database"/> stores it.</summary>
    public static DateTimeOffset? GetNullableTime(this DbDataReader reader, int ordinal, RelationalDatabase database) =>
        reader.IsDBNull(ordinal) ? null : database.ReadTime(reader, ordinal);
}
