namespace McpGateway.Policy.Pipeline;

/// <summary>Who is calling.</summary>
/// <param name="Surface">mcp, rest or flow.</param>
/// <param name="SessionId">The MCP session id, when there is one.</param>
/// <param name="Agent">The agent, when known (from the API key once keys exist).</param>
public sealed record CallerIdentity(string Surface, string? SessionId = null, string? Agent = null);
