namespace McpGateway.Mcp.Mrtr;

/// <summary>What a request is, for checking that a <see cref="RequestState"/> was issued for this very request.</summary>
/// <param name="KeyId">The caller's key id, or null.</param>
/// <param name="Agent">The caller's agent, or null.</param>
/// <param name="Scope">The endpoint's connector, or null.</param>
/// <param name="Method">The method.</param>
/// <param name="Target">The tool, prompt or resource.</param>
/// <param name="Fingerprint">The arguments' fingerprint.</param>
internal sealed record RequestBinding(string? KeyId, string? Agent, string? Scope, string Method, string Target, string Fingerprint);
