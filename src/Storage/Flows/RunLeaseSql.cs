using McpGateway.Flows.Model;

namespace McpGateway.Storage.Flows;

/// <summary>The run store's lease SQL (claims, renewals, the runnable list), shared by both backends.</summary>
internal static class RunLeaseSql
{
    /// <summary>
    /// Claims run @id for @owner until @lease_until: only a non-terminal run that is unclaimed, whose lease lapsed
    /// before @now, or that @owner already holds. One conditional update, so among racing claimers one wins.
    /// </summary>
    public const string Claim =
        "UPDATE flow_runs SET lease_owner = @owner, lease_until = @lease_until " +
        $"WHERE id = @id AND status NOT IN {RunSql.Terminal} " +
        "AND (lease_owner IS NULL OR lease_until < @now OR lease_owner = @owner)";

    /// <summary>Extends @owner's leases to @lease_until; the caller appends the id list <c>(@id0, @id1, …)</c>.</summary>
    public const string RenewPrefix =
        "UPDATE flow_runs SET lease_until = @lease_until WHERE lease_owner = @owner AND id IN ";

    /// <summary>Gives up @owner's lease on run @id.</summary>
    public const string Release =
        "UPDATE flow_runs SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner";

    /// <summary>Gives up every lease @owner holds (a dead process's).</summary>
    public const string ReleaseOwner =
        "UPDATE flow_runs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner";

    /// <summary>
    /// The runs to pick up at @now, oldest first, at most @limit: active runs nobody holds a live lease on that are
    /// PENDING or RUNNING, or PAUSED with a wake time reached or a cancel requested.
    /// </summary>
    public const string Runnable =
        $"SELECT {RunSql.Columns} FROM flow_runs WHERE status IN {RunSql.Active} " +
        "AND (lease_owner IS NULL OR lease_until < @now) " +
        $"AND (status <> '{RunStatuses.Paused}' OR wake_at <= @now OR cancel_requested) " +
        "ORDER BY created_at, id LIMIT @limit";
}
