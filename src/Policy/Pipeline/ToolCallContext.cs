using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using ModelContextProtocol;

namespace McpGateway.Policy.Pipeline;

/// <summary>Everything about one tool call as it moves through the pipeline. Per-call state lives here, never in statics.</summary>
public sealed class ToolCallContext
{
    private List<StageDecision>? _trace;

    /// <summary>Creates a context for one call.</summary>
    public ToolCallContext(string toolName, IDictionary<string, JsonElement>? arguments, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ToolName = toolName;
        Arguments = arguments;
        Caller = caller;
        CancellationToken = cancellationToken;
    }

    /// <summary>The execution id, <c>exe_…</c>; assigned by the journal stage.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The tool name as the caller sent it.</summary>
    public string ToolName { get; }

    /// <summary>The arguments as sent (may be null).</summary>
    public IDictionary<string, JsonElement>? Arguments { get; }

    /// <summary>Who is calling.</summary>
    public CallerIdentity Caller { get; }

    /// <summary>Null on the aggregated endpoint; the connector's name on its own endpoint (names are then unprefixed).</summary>
    public string? ConnectorScope { get; init; }

    /// <summary>The request's <c>_meta</c> without the progress token (forwarded upstream).</summary>
    public JsonObject? Meta { get; init; }

    /// <summary>Receives the upstream's progress notifications, when the caller asked for progress.</summary>
    public IProgress<ProgressNotificationValue>? Progress { get; init; }

    /// <summary>The caller's session, for relaying the upstream's sampling and elicitation requests.</summary>
    public IDownstreamPeer? Downstream { get; init; }

    /// <summary>The resolved tool; set by the resolve stage.</summary>
    public CapabilityCard? Card { get; set; }

    /// <summary>Cancelled when the caller cancels.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Each stage's decision, in order.</summary>
    public IReadOnlyList<StageDecision> Trace => (IReadOnlyList<StageDecision>?)_trace ?? [];

    /// <summary>Appends a stage's decision.</summary>
    public void Record(string stage, string decision, string? detail = null) => (_trace ??= new(4)).Add(new StageDecision(stage, decision, detail));
}
