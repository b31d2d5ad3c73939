namespace McpGateway.Bench;

/// <summary>
/// One fresh <c>mcpgw serve</c>: the gateway process's own CPU (its upstream excluded) spent starting until its
/// connector was up, and per call over the first and the next window of calls.
/// </summary>
internal sealed record ColdServe(double StartCpuMs, double FirstCpuUs, double FirstCallsPerSecond, double NextCpuUs, double NextCallsPerSecond);
