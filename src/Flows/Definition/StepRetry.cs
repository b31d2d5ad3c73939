namespace McpGateway.Flows.Definition;

/// <summary>A step's retry: <paramref name="Attempts"/> include the first; the backoff doubles each time.</summary>
internal sealed record StepRetry(int Attempts, TimeSpan Backoff);
