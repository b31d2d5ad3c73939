using McpGateway.Flows.Model;

namespace McpGateway.Storage.Flows;

/// <summary>The flow store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class FlowSql
{
    /// <summary>A folder's columns, in the order <see cref="FlowRows.ReadFolder"/> reads them.</summary>
    public const string FolderColumns = "id, name, created_at";

    /// <summary>Inserts a folder unless its name is taken: @id, @name, @created_at.</summary>
    public const string InsertFolder =
        "INSERT INTO folders (id, name, created_at) VALUES (@id, @name, @created_at) ON CONFLICT (name) DO NOTHING";

    /// <summary>Renames folder @id to @name.</summary>
    public const string RenameFolder = "UPDATE folders SET name = @name WHERE id = @id";

    /// <summary>A folder by id, else by name: @key (an id wins over another folder's equal name).</summary>
    public const string GetFolder =
        $"SELECT {FolderColumns} FROM folders WHERE id = @key OR name = @key " +
        "ORDER BY CASE WHEN id = @key THEN 0 ELSE 1 END LIMIT 1";

    /// <summary>Every folder by name.</summary>
    public const string ListFolders = $"SELECT {FolderColumns} FROM folders ORDER BY name";

    /// <summary>Deletes folder @id only while no flow is in it: one statement, so a flow moved in meanwhile keeps it.</summary>
    public const string DeleteFolder =
        "DELETE FROM folders WHERE id = @id AND NOT EXISTS (SELECT 1 FROM flows WHERE folder_id = @id)";

    /// <summary>1 when folder @id exists.</summary>
    public const string FolderExists = "SELECT 1 FROM folders WHERE id = @id";

    /// <summary>A flow's columns, in the order <see cref="FlowRows.ReadFlow"/> reads them.</summary>
    public const string FlowColumns =
        "id, name, description, folder_id, status, tags, published_version, webhook_secret, created_at, updated_at, external_id";

    /// <summary>
    /// Inserts a flow unless its name is taken; a taken external id (or id) is a unique violation. Parameters are the
    /// columns' names after <c>@</c>.
    /// </summary>
    public const string InsertFlow =
        $"INSERT INTO flows ({FlowColumns}) VALUES (@id, @name, @description, @folder_id, @status, @tags, " +
        "@published_version, @webhook_secret, @created_at, @updated_at, @external_id) ON CONFLICT (name) DO NOTHING";

    /// <summary>A flow by external id: @external_id.</summary>
    public const string GetFlowByExternalId = $"SELECT {FlowColumns} FROM flows WHERE external_id = @external_id";

    /// <summary>Adds the caller's stable id to flows, unique when set (flows migration 3).</summary>
    public const string AddExternalId =
        "ALTER TABLE flows ADD COLUMN external_id TEXT; CREATE UNIQUE INDEX IF NOT EXISTS ux_flows_external_id ON flows (external_id)";

    /// <summary>A flow by id, else by name: @key.</summary>
    public const string GetFlow =
        $"SELECT {FlowColumns} FROM flows WHERE id = @key OR name = @key " +
        "ORDER BY CASE WHEN id = @key THEN 0 ELSE 1 END LIMIT 1";

    /// <summary>Every flow by name.</summary>
    public const string ListFlows = $"SELECT {FlowColumns} FROM flows ORDER BY name";

    /// <summary>The flows of folder @folder_id by name.</summary>
    public const string ListFlowsInFolder = $"SELECT {FlowColumns} FROM flows WHERE folder_id = @folder_id ORDER BY name";

    /// <summary>Saves flow @id's mutable fields; parameters are the columns' names after <c>@</c>.</summary>
    public const string UpdateFlow =
        "UPDATE flows SET name = @name, description = @description, folder_id = @folder_id, status = @status, " +
        "tags = @tags, published_version = @published_version, webhook_secret = @webhook_secret, updated_at = @updated_at, " +
        "external_id = @external_id " +
        "WHERE id = @id";

    /// <summary>Sets flow @id's webhook secret to @replacement only while it is still @expected.</summary>
    public const string ReplaceWebhookSecret = "UPDATE flows SET webhook_secret = @replacement WHERE id = @id AND webhook_secret = @expected";

    /// <summary>Adds the author's key id to versions (flows migration 2).</summary>
    public const string AddAuthorKeyId = "ALTER TABLE flow_versions ADD COLUMN author_key_id TEXT";

    /// <summary>Deletes the versions of flow @id.</summary>
    public const string DeleteVersions = "DELETE FROM flow_versions WHERE flow_id = @id";

    /// <summary>Deletes flow @id.</summary>
    public const string DeleteFlow = "DELETE FROM flows WHERE id = @id";

    /// <summary>A version's columns, in the order <see cref="FlowRows.ReadVersion"/> reads them.</summary>
    public const string VersionColumns = "flow_id, number, definition, notes, created_by, valid, errors, hash, created_at, author_key_id";

    /// <summary>
    /// Inserts a version numbered one past the flow's highest and returns the number. Two concurrent adds may compute
    /// the same number; the primary key (flow_id, number) rejects the second, which retries.
    /// </summary>
    public const string InsertVersion =
        $"INSERT INTO flow_versions ({VersionColumns}) " +
        "SELECT @flow_id, COALESCE(MAX(number), 0) + 1, @definition, @notes, @created_by, @valid, @errors, @hash, @created_at, @author_key_id " +
        "FROM flow_versions WHERE flow_id = @flow_id RETURNING number";

    /// <summary>
    /// As <see cref="InsertVersion"/>, but inserts nothing (and returns no row) when the flow's highest version already
    /// has @hash: of several processes importing one file at once, one adds the version and the others find it there.
    /// </summary>
    public const string InsertVersionIfChanged =
        $"INSERT INTO flow_versions ({VersionColumns}) " +
        "SELECT @flow_id, next.number, @definition, @notes, @created_by, @valid, @errors, @hash, @created_at, @author_key_id " +
        "FROM (SELECT COALESCE(MAX(number), 0) + 1 AS number FROM flow_versions WHERE flow_id = @flow_id) AS next " +
        "WHERE NOT EXISTS (SELECT 1 FROM flow_versions v WHERE v.flow_id = @flow_id AND v.number = next.number - 1 AND v.hash = @hash) " +
        "RETURNING number";

    /// <summary>Version @number of flow @flow_id.</summary>
    public const string GetVersion = $"SELECT {VersionColumns} FROM flow_versions WHERE flow_id = @flow_id AND number = @number";

    /// <summary>The highest-numbered version of flow @flow_id.</summary>
    public const string GetLatestVersion =
        $"SELECT {VersionColumns} FROM flow_versions WHERE flow_id = @flow_id ORDER BY number DESC LIMIT 1";

    /// <summary>Every version of flow @flow_id, newest first.</summary>
    public const string ListVersions = $"SELECT {VersionColumns} FROM flow_versions WHERE flow_id = @flow_id ORDER BY number DESC";

    /// <summary>A page of a flow's versions, newest first: @flow_id, @before (numbers below it), @limit.</summary>
    public const string ListVersionsBefore =
        $"SELECT {VersionColumns} FROM flow_versions WHERE flow_id = @flow_id AND number < @before ORDER BY number DESC LIMIT @limit";

    /// <summary>
    /// A page of flows by name: a term per set filter of <paramref name="query"/> (@folder_id, @status, @external_id),
    /// the keyset term (@after), and @limit. The name is unique, so it alone is the key.
    /// </summary>
    public static string ListFlowPage(FlowQuery query)
    {
        var sql = new System.Text.StringBuilder($"SELECT {FlowColumns} FROM flows WHERE 1 = 1");
        sql.Append(query.FolderId is null ? "" : " AND folder_id = @folder_id");
        sql.Append(query.Status is null ? "" : " AND status = @status");
        sql.Append(query.ExternalId is null ? "" : " AND external_id = @external_id");
        sql.Append(query.AfterName is null ? "" : " AND name > @after");
        return sql.Append(" ORDER BY name LIMIT @limit").ToString();
    }
}
