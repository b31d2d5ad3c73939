namespace McpGateway.Policy.Stages.Approval;

/// <summary>Kinds of approvals that are not frozen tool calls.</summary>
public static class ApprovalKinds
{
    /// <summary>
    /// The <see cref="Stages.Approval.ApprovalRecord.Connector"/> of an approval created by a flow's <c>approval</c>
    /// step: approving it records the decision (the run continues) instead of thawing a tool call.
    /// </summary>
    public const string FlowConnector = "flow";
}
