namespace McpGateway.Policy.Stages.Idempotency;

/// <summary>
/// The final result of a key an execution holds, handed to the journal so that the key is completed in the same
/// transaction that closes the execution (see <see cref="Journal.ExecutionClose.Completion"/>).
/// </summary>
/// <param name="Key">The key the execution holds.</param>
/// <param name="OutcomeStatus">The final outcome's status wire name.</param>
/// <param name="ResultJson">The <c>CallToolResult</c> a repeat replays, as JSON.</param>
public sealed record IdempotencyCompletion(string Key, string OutcomeStatus, string ResultJson);
