namespace McpGateway.Calls;

/// <summary>A call's gateway inputs (entity, options, verify, context) are malformed: MCP invalid params, REST 400.</summary>
internal sealed class CallInputException(string message) : Exception(message);
