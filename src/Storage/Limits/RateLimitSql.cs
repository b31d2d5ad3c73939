namespace McpGateway.Storage.Limits;

/// <summary>The rate limit store's SQL, the same on SQLite and PostgreSQL (both accept <c>@name</c> parameters).</summary>
internal static class RateLimitSql
{
    /// <summary>
    /// Counts one call in the window unless it holds @max already: the first call inserts the row, later ones raise it
    /// while below @max. One statement, atomic by the primary key on both backends; a row is returned only when counted.
    /// </summary>
    public const string Count = """
        INSERT INTO rate_limit_windows (limit_name, subject, window_start, window_end, calls)
        VALUES (@limit, @subject, @start, @end, 1)
        ON CONFLICT (limit_name, subject, window_start)
        DO UPDATE SET calls = rate_limit_windows.calls + 1 WHERE rate_limit_windows.calls < @max
        RETURNING calls
        """;

    /// <summary>
    /// Locks the (limit, subject) gate row until the transaction ends: slot takers of one subject queue here, so each
    /// one's count of the slots below sees every slot committed before it (PostgreSQL's read committed takes a new
    /// snapshot per statement; SQLite has one writer anyway).
    /// </summary>
    public const string Gate = """
        INSERT INTO rate_limit_gates (limit_name, subject, touched_at) VALUES (@limit, @subject, @now)
        ON CONFLICT (limit_name, subject) DO UPDATE SET touched_at = excluded.touched_at
        """;

    /// <summary>Takes a slot for @holder while fewer than @max are held (after <see cref="Gate"/>, in its transaction).</summary>
    public const string Hold = """
        INSERT INTO rate_limit_slots (limit_name, subject, holder, instance_id, acquired_at)
        SELECT @limit, @subject, @holder, @instance, @now
        WHERE (SELECT COUNT(*) FROM rate_limit_slots WHERE limit_name = @limit AND subject = @subject) < @max
        ON CONFLICT (limit_name, subject, holder) DO NOTHING
        """;

    /// <summary>Frees one holder's slot.</summary>
    public const string Release = "DELETE FROM rate_limit_slots WHERE limit_name = @limit AND subject = @subject AND holder = @holder";

    /// <summary>Frees every slot a (dead) process holds.</summary>
    public const string ReleaseHeldBy = "DELETE FROM rate_limit_slots WHERE instance_id = @instance";

    /// <summary>Deletes ended windows.</summary>
    public const string PurgeWindows = "DELETE FROM rate_limit_windows WHERE window_end <= @now";

    /// <summary>Deletes gates nobody used since @before and no slot needs.</summary>
    public const string PurgeGates = """
        DELETE FROM rate_limit_gates WHERE touched_at < @before AND NOT EXISTS (
            SELECT 1 FROM rate_limit_slots s WHERE s.limit_name = rate_limit_gates.limit_name AND s.subject = rate_limit_gates.subject)
        """;

    /// <summary>Each (limit, subject) with calls in its current window or slots held: calls, the window's end, slots.</summary>
    public const string Usage = """
        SELECT limit_name, subject, SUM(calls), MAX(window_end), SUM(held) FROM (
            SELECT limit_name, subject, calls, window_end, 0 AS held FROM rate_limit_windows WHERE window_start <= @now AND window_end > @now
            UNION ALL
            SELECT limit_name, subject, 0, NULL, 1 FROM rate_limit_slots
        ) used
        GROUP BY limit_name, subject
        ORDER BY limit_name, subject
        """;
}
