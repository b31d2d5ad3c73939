using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Policy.Pipeline;

/// <summary>What the caller assumes about the world before acting (a call's <c>verify</c>, or <c>POST /v1/state/verify</c>).</summary>
public sealed record VerifyRequest
{
    /// <summary>What the call is meant to achieve (kept in the trace).</summary>
    public string? Intent { get; init; }

    /// <summary>Fields (paths) that must be present in the live state.</summary>
    public IReadOnlyList<string> RequiredFields { get; init; } = [];

    /// <summary>Field values the caller believes are current; a different live value is drift.</summary>
    public JsonObject? AssumedState { get; init; }

    /// <summary>Conditions that must hold on the live state.</summary>
    public IReadOnlyList<ConditionConfig> Conditions { get; init; } = [];

    /// <summary>A read tool that fetches the live state (templated over the call's arguments).</summary>
    public ToolReference? StateRefetch { get; init; }

    /// <summary>The live state supplied directly, when there is no refetch tool.</summary>
    public JsonObject? State { get; init; }

    /// <summary>abort (default) or replan.</summary>
    public string OnMismatch { get; init; } = "abort";
}
