namespace McpGateway.Policy.Preflight;

/// <summary>One thing a proposed call risks.</summary>
/// <param name="Code">One of <see cref="PreflightCodes"/>.</param>
/// <param name="Message">What the risk is, in a sentence.</param>
/// <param name="Guardrail">What would answer it.</param>
public sealed record PreflightWarning(string Code, string Message, string Guardrail);
