using System.Text.Json.Nodes;

namespace McpGateway.Flows.Execution;

/// <summary>What starting a run takes.</summary>
public sealed record RunStart
{
    /// <summary>The flow's id or name.</summary>
    public required string Flow { get; init; }

    /// <summary>Null: the published version (PRODUCTION). A number or <c>latest</c>: that version (TESTING unless it is the published one).</summary>
    public string? Version { get; init; }

    /// <summary>Forces the environment; null derives it from the version.</summary>
    public string? Environment { get; init; }

    /// <summary><see cref="Model.RunOrigins"/>.</summary>
    public required string Origin { get; init; }

    /// <summary>The inputs, validated against the version's <c>inputs</c> schema.</summary>
    public JsonObject? Inputs { get; init; }

    /// <summary>Same key for the same flow: the same run (no second run is created).</summary>
    public string? DedupKey { get; init; }

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Start at this step: the steps it depends on are not run again, their nodes are copied from <see cref="FromRun"/>
    /// (which must have their outputs). Needs <see cref="FromRun"/>.
    /// </summary>
    public string? FromStep { get; init; }

    /// <summary>The earlier run (of the same flow) whose nodes before <see cref="FromStep"/> this run takes over.</summary>
    public string? FromRun { get; init; }

    /// <summary>Run only this step and what it depends on, then end (the rest is marked not run); its output is the run's.</summary>
    public string? ToStep { get; init; }

    /// <summary>The key whose permissions the tool steps run with (null: the gateway's own, auth none).</summary>
    public Policy.Callers.ApiKey? Key { get; init; }

    /// <summary>The agent starting it.</summary>
    public string? Agent { get; init; }
}
