using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// A later round of a Multi Round-Trip Request (MCP 2026-07-28) that the upstream itself started: the client's answers
/// to the upstream's input requests and the upstream's <c>requestState</c>, both sent back to it as they came.
/// </summary>
/// <param name="Responses">The client's <c>inputResponses</c>, or null.</param>
/// <param name="State">The upstream's <c>requestState</c>, or null.</param>
public sealed record InputRound(IDictionary<string, InputResponse>? Responses, string? State);
