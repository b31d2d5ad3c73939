using System.Data.Common;
using System.Text.Json;
using McpGateway.Policy.Callers;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Servers;

/// <summary>Reads <see cref="McpServerRecord"/>s from rows selected with <see cref="McpServerSql.Columns"/>.</summary>
internal static class McpServerRows
{
    /// <summary>Reads every row.</summary>
    public static async Task<IReadOnlyList<McpServerRecord>> ReadAllAsync(
        DbDataReader reader, RelationalDatabase database, CancellationToken cancellationToken)
    {
        var records = new List<McpServerRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new McpServerRecord
            {
                Name = reader.GetString(0),
                Description = reader.GetNullableString(1),
                Tools = JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                TokenPrefix = reader.GetString(3),
                CreatedAt = database.ReadTime(reader, 4),
                TokenIssuedAt = database.ReadTime(reader, 5),
            });
        }

        return records;
    }
}
