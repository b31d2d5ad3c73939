using McpGateway.Connectors.Upstreams;

namespace McpGateway.Admin;

/// <summary>One connector in the status document; <c>protocol</c> is the MCP revision negotiated with its upstream.</summary>
internal sealed record ConnectorStatus(string Name, string Kind, string State, string? Reason, DateTimeOffset Since, int Tools, int Restarts, string? Protocol = null)
{
    public static ConnectorStatus From(UpstreamStatus s) =>
        new(s.Connector, s.Kind, s.State.ToString().ToLowerInvariant(), s.Reason, s.Since, s.Tools, s.Restarts, s.Protocol);
}
