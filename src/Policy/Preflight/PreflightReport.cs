namespace McpGateway.Policy.Preflight;

/// <summary>What <see cref="CallPreflight.Assess"/> found.</summary>
/// <param name="Risk">The card's risk level (low, medium, high, or what connectors.yaml set).</param>
/// <param name="Score">0–100: the level's base, plus 10 per warning.</param>
/// <param name="Warnings">What the call risks, each with the guardrail that answers it.</param>
public sealed record PreflightReport(string Risk, int Score, IReadOnlyList<PreflightWarning> Warnings);
