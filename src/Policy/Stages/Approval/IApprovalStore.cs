namespace McpGateway.Policy.Stages.Approval;

/// <summary>
/// Durable approvals. A decision is taken exactly once: <see cref="TryClaimAsync"/> is a conditional update
/// (pending → deciding) that only one approver can win, also across replicas.
/// </summary>
public interface IApprovalStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new approval (status pending).</summary>
    ValueTask CreateAsync(ApprovalRecord record, CancellationToken cancellationToken);

    /// <summary>One approval, or null.</summary>
    ValueTask<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="status"/> null means any.</summary>
    /// <remarks>
    /// <paramref name="before"/> is the (created_at, id) of the previous page's last row: only rows after it in that
    /// order are returned (a keyset page; null for the first).
    /// </remarks>
    ValueTask<IReadOnlyList<ApprovalRecord>> ListAsync(string? status, int limit, (DateTimeOffset CreatedAt, string Id)? before, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest pending approval of the same call: same tool, endpoint scope, arguments and agent, and no idempotency
    /// key; or null. A repeat of a held call is answered with it instead of a second approval.
    /// </summary>
    ValueTask<ApprovalRecord?> FindPendingAsync(string tool, string? connectorScope, string argumentsJson, string? agent, CancellationToken cancellationToken);

    /// <summary>How many approvals are in <paramref name="status"/> now.</summary>
    ValueTask<long> CountAsync(string status, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a pending approval to deciding for <paramref name="decidedBy"/>, carried out by gateway process
    /// <paramref name="instance"/>; false when it is not pending (someone else won).
    /// </summary>
    ValueTask<bool> TryClaimAsync(string id, string decidedBy, string instance, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets the final status of an approval in deciding; false when it is not in deciding.</summary>
    ValueTask<bool> FinishAsync(string id, string status, string? decisionJson, string? resultExecutionId, CancellationToken cancellationToken);

    /// <summary>
    /// Returns an approval in deciding to pending, only while it is still the claim <paramref name="decidedBy"/> took at
    /// <paramref name="claimedAt"/>: for a claim whose approver's gateway stopped before anything ran. False otherwise.
    /// </summary>
    ValueTask<bool> TryReopenAsync(string id, string decidedBy, DateTimeOffset claimedAt, CancellationToken cancellationToken);

    /// <summary>Decides a pending approval in one step (reject, expire); false when it is not pending.</summary>
    ValueTask<bool> TryDecideAsync(string id, string status, string decidedBy, DateTimeOffset at, string? decisionJson, CancellationToken cancellationToken);
}
