namespace McpGateway.Storage.Instances;

/// <summary>The instance store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class InstanceSql
{
    private const string Columns = "instance_id, host, pid, process_started_at, heartbeat_at, recovered_by";

    /// <summary>Adds a living instance.</summary>
    public const string Insert =
        $"INSERT INTO instances ({Columns}, started_at) VALUES (@id, @host, @pid, @process_started, @heartbeat, NULL, @heartbeat)";

    /// <summary>Renews @id's heartbeat to @now unless another process claimed it.</summary>
    public const string Heartbeat = "UPDATE instances SET heartbeat_at = @now WHERE instance_id = @id AND recovered_by IS NULL";

    /// <summary>Expires @id's heartbeat (@epoch) after a clean stop.</summary>
    public const string Stop = "UPDATE instances SET heartbeat_at = @epoch WHERE instance_id = @id AND recovered_by IS NULL";

    /// <summary>Every instance not yet recovered.</summary>
    public const string List = $"SELECT {Columns} FROM instances WHERE recovered_at IS NULL ORDER BY started_at, instance_id";

    /// <summary>Claims dead @id for @claimer while unclaimed and its heartbeat is still @seen.</summary>
    public const string Claim =
        "UPDATE instances SET recovered_by = @claimer WHERE instance_id = @id AND recovered_by IS NULL AND heartbeat_at = @seen";

    /// <summary>Passes the unfinished claims of dead @id to @claimer (in the claim's transaction).</summary>
    public const string Inherit =
        "UPDATE instances SET recovered_by = @claimer WHERE recovered_by = @id AND recovered_at IS NULL";

    /// <summary>Adds an id no row knew, already claimed by @claimer; a no-op when a row exists.</summary>
    public const string Adopt =
        $"INSERT INTO instances ({Columns}, started_at) VALUES (@id, '', 0, @epoch, @epoch, @claimer, @epoch) ON CONFLICT (instance_id) DO NOTHING";

    /// <summary>Records that @claimer finished recovering @id, at @now.</summary>
    public const string Recovered =
        "UPDATE instances SET recovered_at = @now WHERE instance_id = @id AND recovered_by = @claimer AND recovered_at IS NULL";

    /// <summary>Deletes instances recovered before @before.</summary>
    public const string Purge = "DELETE FROM instances WHERE recovered_at < @before";
}
