namespace McpGateway.Storage.Keys;

/// <summary>The API key store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class ApiKeySql
{
    /// <summary>The columns every read returns, in the order <see cref="ApiKeyRows"/> reads them (never the hash).</summary>
    public const string Columns =
        "id, name, agent, scopes_json, allowed_tools_json, read_only, envs_json, workflows_json, resources_json, " +
        "allowed_actions_json, prefix, created_at, revoked_at, limit_json";

    /// <summary>
    /// Inserts an active key: @id, @name, @agent, @hash, @scopes, @tools, @readOnly, @envs, @workflows, @resources,
    /// @actions, @prefix, @created, @limit. The partial unique index on active names rejects a second active key of one name.
    /// </summary>
    public const string Insert =
        "INSERT INTO api_keys (id, name, agent, secret_hash, scopes_json, allowed_tools_json, read_only, envs_json, " +
        "workflows_json, resources_json, allowed_actions_json, prefix, created_at, limit_json) VALUES (@id, @name, @agent, " +
        "@hash, @scopes, @tools, @readOnly, @envs, @workflows, @resources, @actions, @prefix, @created, @limit)";

    /// <summary>The active key with a secret hash: @hash.</summary>
    public const string FindByHash = $"SELECT {Columns} FROM api_keys WHERE secret_hash = @hash AND revoked_at IS NULL";

    /// <summary>One key by id: @id.</summary>
    public const string Get = $"SELECT {Columns} FROM api_keys WHERE id = @id";

    /// <summary>Every key, oldest first.</summary>
    public const string List = $"SELECT {Columns} FROM api_keys ORDER BY created_at, id";

    /// <summary>The id of the active key with a name: @name. Only to word the error of a failed insert.</summary>
    public const string ActiveIdByName = "SELECT id FROM api_keys WHERE name = @name AND revoked_at IS NULL";

    /// <summary>
    /// Revokes the active key with id @key or, when no key at all has that id, the active key named @key; sets @at.
    /// An id wins over a name, so one call never revokes two keys.
    /// </summary>
    public const string Revoke =
        "UPDATE api_keys SET revoked_at = @at WHERE revoked_at IS NULL AND " +
        "(id = @key OR (name = @key AND NOT EXISTS (SELECT 1 FROM api_keys AS other WHERE other.id = @key)))";

    /// <summary>Revokes the active key with id @id (never by name); sets @at. The first statement of a rotation.</summary>
    public const string RevokeById = "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";
}
