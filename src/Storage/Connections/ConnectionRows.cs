using System.Data.Common;
using System.Text.Json;
using McpGateway.Connectors.Connections;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Connections;

/// <summary>Reads <see cref="ConnectionRecord"/>s from rows selected with <see cref="ConnectionSql.Columns"/>.</summary>
internal static class ConnectionRows
{
    /// <summary>Reads every row.</summary>
    public static async Task<IReadOnlyList<ConnectionRecord>> ReadAllAsync(
        DbDataReader reader, RelationalDatabase database, CancellationToken cancellationToken)
    {
        var records = new List<ConnectionRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new ConnectionRecord
            {
                Name = reader.GetString(0),
                Type = reader.GetString(1),
                DisplayName = reader.GetNullableString(2),
                FieldNames = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
                Sealed = reader.GetFieldValue<byte[]>(4),
                CreatedAt = database.ReadTime(reader, 5),
                UpdatedAt = database.ReadTime(reader, 6),
                ExpiresAt = reader.IsDBNull(7) ? null : database.ReadTime(reader, 7),
                RefreshError = reader.GetNullableString(8),
            });
        }

        return records;
    }
}
