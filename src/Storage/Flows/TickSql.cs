namespace McpGateway.Storage.Flows;

/// <summary>The run store's cron tick SQL, shared by both backends: a tick's key makes it fire once across replicas.</summary>
internal static class TickSql
{
    /// <summary>Records tick @tick of flow @flow_id once: 0 rows when it is already there.</summary>
    public const string RecordTick =
        "INSERT INTO flow_ticks (flow_id, tick) VALUES (@flow_id, @tick) ON CONFLICT (flow_id, tick) DO NOTHING";

    /// <summary>The latest tick of flow @flow_id (NULL when none).</summary>
    public const string LastTick = "SELECT MAX(tick) FROM flow_ticks WHERE flow_id = @flow_id";
}
