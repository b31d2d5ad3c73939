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

    /// <summary>The key whose permissions the tool steps run with (null: the gateway's own, auth none).</summary>
    public Policy.Callers.ApiKey? Key { get; init; }

    /// <summary>The agent starting it.</summary>
    public string? Agent { get; init; }
}
