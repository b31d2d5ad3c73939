namespace McpGateway.Storage.Servers;

/// <summary>The MCP server store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class McpServerSql
{
    /// <summary>The columns every read returns, in the order <see cref="McpServerRows"/> reads them (never the hash).</summary>
    public const string Columns = "name, description, tools_json, token_prefix, created_at, token_issued_at";

    /// <summary>Registers a server: @name, @description, @tools_json, @token_hash, @token_prefix, @created_at (also the issue time).</summary>
    public const string Insert =
        "INSERT INTO mcp_servers (name, description, tools_json, token_hash, token_prefix, created_at, token_issued_at) " +
        "VALUES (@name, @description, @tools_json, @token_hash, @token_prefix, @created_at, @created_at)";

    /// <summary>One server: @name.</summary>
    public const string Get = $"SELECT {Columns} FROM mcp_servers WHERE name = @name";

    /// <summary>One server whose current token has the hash: @name, @token_hash.</summary>
    public const string Authenticate = $"SELECT {Columns} FROM mcp_servers WHERE name = @name AND token_hash = @token_hash";

    /// <summary>Every server, by name.</summary>
    public const string List = $"SELECT {Columns} FROM mcp_servers ORDER BY name";

    /// <summary>Replaces the token: @name, @token_hash, @token_prefix, @at.</summary>
    public const string Rotate =
        "UPDATE mcp_servers SET token_hash = @token_hash, token_prefix = @token_prefix, token_issued_at = @at WHERE name = @name";

    /// <summary>Deletes one: @name.</summary>
    public const string Delete = "DELETE FROM mcp_servers WHERE name = @name";
}
