namespace McpGateway.Flows.Model;

/// <summary>A flow's status: only an enabled flow is triggered and listed as an MCP tool.</summary>
public static class FlowStatuses
{
    /// <summary>Triggers fire and the flow is a tool.</summary>
    public const string Enabled = "ENABLED";

    /// <summary>Nothing starts the flow except an explicit TESTING run.</summary>
    public const string Disabled = "DISABLED";
}
