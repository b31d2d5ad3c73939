namespace McpGateway.Storage.Connections;

/// <summary>The connection store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class ConnectionSql
{
    /// <summary>The columns every read returns, in the order <see cref="ConnectionRows"/> reads them.</summary>
    public const string Columns = "name, type, display_name, field_names_json, sealed_value, created_at, updated_at";

    /// <summary>
    /// Inserts or replaces by name in one statement (both backends' <c>ON CONFLICT … DO UPDATE</c>); a replaced row keeps
    /// its created_at. Parameters: @name, @type, @display_name, @field_names_json, @sealed_value, @created_at, @updated_at.
    /// </summary>
    public const string Upsert =
        $"INSERT INTO connections ({Columns}) VALUES (@name, @type, @display_name, @field_names_json, @sealed_value, @created_at, @updated_at) " +
        "ON CONFLICT (name) DO UPDATE SET type = excluded.type, display_name = excluded.display_name, " +
        "field_names_json = excluded.field_names_json, sealed_value = excluded.sealed_value, updated_at = excluded.updated_at";

    /// <summary>One connection: @name.</summary>
    public const string Get = $"SELECT {Columns} FROM connections WHERE name = @name";

    /// <summary>Every connection, by name.</summary>
    public const string List = $"SELECT {Columns} FROM connections ORDER BY name";

    /// <summary>Deletes one: @name.</summary>
    public const string Delete = "DELETE FROM connections WHERE name = @name";
}
