namespace McpGateway.Storage.Connections;

/// <summary>The connection store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class ConnectionSql
{
    /// <summary>The columns every read returns, in the order <see cref="ConnectionRows"/> reads them.</summary>
    public const string Columns = "name, type, display_name, field_names_json, sealed_value, created_at, updated_at, expires_at, refresh_error";

    /// <summary>
    /// Inserts or replaces by name in one statement (both backends' <c>ON CONFLICT … DO UPDATE</c>); a replaced row keeps
    /// its created_at and loses any refresh claim. Parameters: @name, @type, @display_name, @field_names_json, @sealed_value,
    /// @created_at, @updated_at, @expires_at, @refresh_error.
    /// </summary>
    public const string Upsert =
        $"INSERT INTO connections ({Columns}) VALUES (@name, @type, @display_name, @field_names_json, @sealed_value, @created_at, @updated_at, @expires_at, @refresh_error) " +
        "ON CONFLICT (name) DO UPDATE SET type = excluded.type, display_name = excluded.display_name, " +
        "field_names_json = excluded.field_names_json, sealed_value = excluded.sealed_value, updated_at = excluded.updated_at, " +
        "expires_at = excluded.expires_at, refresh_error = excluded.refresh_error, refresh_by = NULL, refresh_until = NULL";

    /// <summary>
    /// Claims a refresh: @name, @seen (the updated_at the claimer read), @instance, @until, @now. One row or none.
    /// </summary>
    public const string ClaimRefresh =
        "UPDATE connections SET refresh_by = @instance, refresh_until = @until " +
        "WHERE name = @name AND updated_at = @seen AND (refresh_until IS NULL OR refresh_until <= @now)";

    /// <summary>Writes a refreshed value under the claim: @name, @instance, @field_names_json, @sealed_value, @updated_at, @expires_at.</summary>
    public const string CompleteRefresh =
        "UPDATE connections SET field_names_json = @field_names_json, sealed_value = @sealed_value, updated_at = @updated_at, " +
        "expires_at = @expires_at, refresh_error = NULL, refresh_by = NULL, refresh_until = NULL WHERE name = @name AND refresh_by = @instance";

    /// <summary>Records a failed refresh: @name, @error.</summary>
    public const string RefreshFailed = "UPDATE connections SET refresh_error = @error WHERE name = @name";

    /// <summary>One connection: @name.</summary>
    public const string Get = $"SELECT {Columns} FROM connections WHERE name = @name";

    /// <summary>Every connection, by name.</summary>
    public const string List = $"SELECT {Columns} FROM connections ORDER BY name";

    /// <summary>Deletes one: @name.</summary>
    public const string Delete = "DELETE FROM connections WHERE name = @name";
}
