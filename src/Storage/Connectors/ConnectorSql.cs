namespace McpGateway.Storage.Connectors;

/// <summary>The runtime connector store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class ConnectorSql
{
    /// <summary>Every connector, by name.</summary>
    public const string List = "SELECT name, record_json, updated_at FROM stored_connectors ORDER BY name";

    /// <summary>Whether a name is stored: @name.</summary>
    public const string Exists = "SELECT 1 FROM stored_connectors WHERE name = @name";

    /// <summary>Adds or replaces one: @name, @record_json, @updated_at.</summary>
    public const string Upsert =
        "INSERT INTO stored_connectors (name, record_json, updated_at) VALUES (@name, @record_json, @updated_at) " +
        "ON CONFLICT (name) DO UPDATE SET record_json = excluded.record_json, updated_at = excluded.updated_at";

    /// <summary>Deletes one: @name.</summary>
    public const string Delete = "DELETE FROM stored_connectors WHERE name = @name";
}
