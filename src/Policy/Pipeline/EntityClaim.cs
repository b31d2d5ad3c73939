namespace McpGateway.Policy.Pipeline;

/// <summary>The entity the caller resolved before acting (MCP <c>_meta["mcpgw/entity"]</c>, REST <c>entity_resolution</c>).</summary>
/// <param name="EntityId">The resolved id, e.g. <c>cust_1</c>.</param>
/// <param name="Source">Where it was resolved (crm lookup, user message, ...).</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="EntityType">customer, invoice, ...; when set, only arguments named after it are compared.</param>
public sealed record EntityClaim(string EntityId, string? Source, DateTimeOffset? ResolvedAt, string? EntityType);
