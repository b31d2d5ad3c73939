using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>An operator's settlement to add to an ended record (see <see cref="JournalSql.Settle"/>).</summary>
/// <param name="ExecutionId">The record.</param>
/// <param name="Json">The settlement.</param>
internal sealed record ExecutionSettlement(string ExecutionId, string Json);

/// <summary>A record to open again for its next round (see <see cref="JournalSql.Reopen"/>, <see cref="JournalSql.ReopenFrozen"/>).</summary>
/// <param name="ExecutionId">The record.</param>
/// <param name="InstanceId">The process that runs the round.</param>
/// <param name="Reason">Why: which records may reopen.</param>
internal sealed record ExecutionReopen(string ExecutionId, string InstanceId, JournalReopen Reason);
