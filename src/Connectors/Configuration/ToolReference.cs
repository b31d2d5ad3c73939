using System.Text.Json.Nodes;

namespace McpGateway.Connectors.Configuration;

/// <summary>A call to a read tool the gateway makes itself (state refetch, probe): tool name and templated arguments.</summary>
public sealed record ToolReference
{
    /// <summary>The tool, as named on the aggregated endpoint (<c>{connector}__{tool}</c>) or the upstream's own name on the same connector.</summary>
    public required string Tool { get; init; }

    /// <summary>Arguments; string values may hold <c>{{args.x}}</c> templates over the original call's arguments.</summary>
    public JsonObject Args { get; init; } = [];
}
