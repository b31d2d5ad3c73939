namespace McpGateway.Storage.Pins;

/// <summary>The tool pin store's SQL, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c> parameters).</summary>
internal static class PinSql
{
    private const string Columns = "connector, tool, hash, definition_json, pinned_at, pinned_by";

    /// <summary>One connector's pins: @connector.</summary>
    public const string List = "SELECT " + Columns + " FROM tool_pins WHERE connector = @connector ORDER BY tool";

    /// <summary>One pin: @connector, @tool.</summary>
    public const string Get = "SELECT " + Columns + " FROM tool_pins WHERE connector = @connector AND tool = @tool";

    /// <summary>Pins a tool unless it has a pin: @connector, @tool, @hash, @definition_json, @pinned_at, @pinned_by.</summary>
    public const string Insert =
        "INSERT INTO tool_pins (" + Columns + ") VALUES (@connector, @tool, @hash, @definition_json, @pinned_at, @pinned_by) " +
        "ON CONFLICT (connector, tool) DO NOTHING";

    /// <summary>
    /// Notes a changed definition seen, once per pin and seen hash: @connector, @tool, @hash (pinned), @seen. Affects no
    /// row when the pin moved on or this hash was noted already.
    /// </summary>
    public const string MarkChanged =
        "UPDATE tool_pins SET changed_hash = @seen WHERE connector = @connector AND tool = @tool AND hash = @hash " +
        "AND COALESCE(changed_hash, '') <> @seen";

    /// <summary>Replaces the pin if it is still @expected: the new @hash, @definition_json, @pinned_at, @pinned_by.</summary>
    public const string Accept =
        "UPDATE tool_pins SET hash = @hash, definition_json = @definition_json, pinned_at = @pinned_at, pinned_by = @pinned_by, " +
        "changed_hash = NULL WHERE connector = @connector AND tool = @tool AND hash = @expected";

    /// <summary>Appends one history entry: @connector, @tool, @kind, @hash, @previous_hash, @actor, @at.</summary>
    public const string InsertEvent =
        "INSERT INTO tool_pin_events (connector, tool, kind, hash, previous_hash, actor, at) " +
        "VALUES (@connector, @tool, @kind, @hash, @previous_hash, @actor, @at)";

    /// <summary>One tool's history, newest first: @connector, @tool, @limit.</summary>
    public const string Events =
        "SELECT connector, tool, kind, hash, previous_hash, actor, at FROM tool_pin_events " +
        "WHERE connector = @connector AND tool = @tool ORDER BY id DESC LIMIT @limit";
}
