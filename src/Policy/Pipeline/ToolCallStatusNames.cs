namespace McpGateway.Policy.Pipeline;

/// <summary>The wire names of <see cref="ToolCallStatus"/> (snake_case, as in DESIGN.md).</summary>
public static class ToolCallStatusNames
{
    /// <summary>Returns the snake_case name of a status.</summary>
    public static string ToWire(this ToolCallStatus status) => status switch
    {
        ToolCallStatus.Completed => "completed",
        ToolCallStatus.Failed => "failed",
        ToolCallStatus.Denied => "denied",
        ToolCallStatus.Blocked => "blocked",
        ToolCallStatus.PendingApproval => "pending_approval",
        ToolCallStatus.Replayed => "replayed",
        ToolCallStatus.Reconciled => "reconciled",
        ToolCallStatus.ReplanRequired => "replan_required",
        ToolCallStatus.Cancelled => "cancelled",
        ToolCallStatus.InputRequired => "input_required",
        _ => "unknown",
    };

    /// <summary>Parses a snake_case status name; unknown names map to <see cref="ToolCallStatus.Unknown"/>.</summary>
    public static ToolCallStatus FromWire(string? name) => name switch
    {
        "completed" => ToolCallStatus.Completed,
        "failed" => ToolCallStatus.Failed,
        "denied" => ToolCallStatus.Denied,
        "blocked" => ToolCallStatus.Blocked,
        "pending_approval" => ToolCallStatus.PendingApproval,
        "replayed" => ToolCallStatus.Replayed,
        "reconciled" => ToolCallStatus.Reconciled,
        "replan_required" => ToolCallStatus.ReplanRequired,
        "cancelled" => ToolCallStatus.Cancelled,
        "input_required" => ToolCallStatus.InputRequired,
        _ => ToolCallStatus.Unknown,
    };
}
