using System.Data.Common;
using McpGateway.Flows.Model;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Flows;

/// <summary>Reads folders, flows and versions from rows selected with <see cref="FlowSql"/>'s column lists.</summary>
internal static class FlowRows
{
    /// <summary>A row of <see cref="FlowSql.FolderColumns"/>.</summary>
    public static Folder ReadFolder(DbDataReader reader, RelationalDatabase database) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        CreatedAt = database.ReadTime(reader, 2),
    };

    /// <summary>A row of <see cref="FlowSql.FlowColumns"/>.</summary>
    public static FlowRecord ReadFlow(DbDataReader reader, RelationalDatabase database) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Description = reader.GetNullableString(2),
        FolderId = reader.GetNullableString(3),
        Status = reader.GetString(4),
        Tags = FlowJson.ReadList(reader.GetString(5)),
        PublishedVersion = reader.GetNullableInt32(6),
        WebhookSecret = reader.GetNullableString(7),
        CreatedAt = database.ReadTime(reader, 8),
        UpdatedAt = database.ReadTime(reader, 9),
        ExternalId = reader.GetNullableString(10),
    };

    /// <summary>A row of <see cref="FlowSql.VersionColumns"/>.</summary>
    public static FlowVersion ReadVersion(DbDataReader reader, RelationalDatabase database) => new()
    {
        FlowId = reader.GetString(0),
        Number = reader.GetInt32(1),
        Definition = FlowJson.ReadObject(reader.GetString(2)) ?? [],
        Notes = reader.GetNullableString(3),
        CreatedBy = reader.GetNullableString(4),
        Valid = reader.GetBoolean(5),
        Errors = FlowJson.ReadList(reader.GetString(6)),
        Hash = reader.GetString(7),
        CreatedAt = database.ReadTime(reader, 8),
        AuthorKeyId = reader.GetNullableString(9),
    };
}
