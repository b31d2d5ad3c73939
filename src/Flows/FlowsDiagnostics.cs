using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGateway.Flows;

/// <summary>The project's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>McpGateway.Flows</c>.</summary>
internal static class FlowsDiagnostics
{
    public const string Name = "McpGateway.Flows";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Runs created, by origin.</summary>
    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("mcpgw.flows.runs.started", description: "Flow runs created");

    /// <summary>Runs that reached a terminal status, by status.</summary>
    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("mcpgw.flows.runs.finished", description: "Flow runs that ended");

    /// <summary>Node executions committed with a final status, by step type and status.</summary>
    public static readonly Counter<long> NodesFinished = Meter.CreateCounter<long>("mcpgw.flows.nodes.finished", description: "Node executions that ended");
}
