namespace McpGateway.Policy.Stages.Approval;

/// <summary>Whether a decision was taken.</summary>
public enum ApprovalDecisionKind
{
    /// <summary>This approver decided it.</summary>
    Decided,

    /// <summary>No approval has that id.</summary>
    NotFound,

    /// <summary>Someone else decided it first (or it is final already).</summary>
    AlreadyDecided,
}
