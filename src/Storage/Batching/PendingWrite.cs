namespace McpGateway.Storage.Batching;

/// <summary>A write waiting for the group-commit writer, with the completion its caller awaits.</summary>
/// <typeparam name="TItem">The write.</typeparam>
/// <param name="Item">The write.</param>
/// <param name="Completion">Completed once the write is committed (or faulted when it was not).</param>
internal readonly record struct PendingWrite<TItem>(TItem Item, TaskCompletionSource<bool> Completion);
