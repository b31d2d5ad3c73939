namespace McpGateway.Storage.Journal;

/// <summary>An operator's settlement to add to an ended record (see <see cref="JournalSql.Settle"/>).</summary>
/// <param name="ExecutionId">The record.</param>
/// <param name="Json">The settlement.</param>
internal sealed record ExecutionSettlement(string ExecutionId, string Json);
