using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Journal;

/// <summary>One queued journal write: either an open or a close.</summary>
/// <param name="Open">The record to insert, for an open.</param>
/// <param name="Close">The close to apply, for a close.</param>
internal readonly record struct JournalWrite(ExecutionRecord? Open, ExecutionClose? Close);
