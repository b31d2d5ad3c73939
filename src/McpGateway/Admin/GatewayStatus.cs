namespace McpGateway.Admin;

/// <summary>The gateway's status document.</summary>
internal sealed record GatewayStatus(string Version, int Sessions, IReadOnlyList<ConnectorStatus> Connectors, int Listens = 0);
