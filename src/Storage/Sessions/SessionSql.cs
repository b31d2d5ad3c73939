namespace McpGateway.Storage.Sessions;

/// <summary>The session store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class SessionSql
{
    /// <summary>The columns a read returns, in the order <see cref="SqlSessionStore"/> reads them.</summary>
    public const string Columns = "id_hash, endpoint, key_id, initialize_json, holder_instance, holder_address, created_at, last_seen_at";

    public const string Insert =
        $"INSERT INTO mcp_sessions ({Columns}) " +
        "VALUES (@id_hash, @endpoint, @key_id, @initialize_json, @holder_instance, @holder_address, @created_at, @last_seen_at)";

    public const string Get = $"SELECT {Columns} FROM mcp_sessions WHERE id_hash = @id_hash";

    /// <summary>The holder changes only from the one the caller saw: @id_hash, @expected, @instance, @address, @at.</summary>
    public const string TakeOver =
        "UPDATE mcp_sessions SET holder_instance = @instance, holder_address = @address, last_seen_at = @at " +
        "WHERE id_hash = @id_hash AND holder_instance = @expected";

    public const string Touch = "UPDATE mcp_sessions SET last_seen_at = @at WHERE id_hash = @id_hash AND holder_instance = @instance";

    public const string Delete = "DELETE FROM mcp_sessions WHERE id_hash = @id_hash";

    public const string DeleteUnused = "DELETE FROM mcp_sessions WHERE last_seen_at < @before";
}
