using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGateway.Policy;

/// <summary>The pipeline's one <see cref="ActivitySource"/> and one <see cref="Meter"/> (exported over OTLP when configured).</summary>
public static class PolicyDiagnostics
{
    /// <summary>The name of the source and the meter.</summary>
    public const string Name = "McpGateway.Policy";

    /// <summary>One span per tool call, with an event per stage decision.</summary>
    public static readonly ActivitySource Source = new(Name, GatewayVersion);

    /// <summary>Call counts and durations by tool and status.</summary>
    public static readonly Meter Meter = new(Name, GatewayVersion);

    /// <summary>Tool calls, tagged with tool and status.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("mcpgw.tool_calls", description: "Tool calls by final status");

    /// <summary>Tool call durations in milliseconds.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("mcpgw.tool_call.duration", "ms", "Tool call duration through the pipeline");

    private const string GatewayVersion = "0.1.0";
}
