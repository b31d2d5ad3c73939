namespace McpGateway.Policy.Pipeline;

/// <summary>One stage's decision about a call, appended to the outcome's trace.</summary>
/// <param name="Stage">The stage name (journal, resolve, upstream, ...).</param>
/// <param name="Decision">A short verb: pass, resolved, called, denied, ...</param>
/// <param name="Detail">A sentence for humans; never a secret.</param>
public sealed record StageDecision(string Stage, string Decision, string? Detail = null);
