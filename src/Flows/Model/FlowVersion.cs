using System.Text.Json.Nodes;

namespace McpGateway.Flows.Model;

/// <summary>An immutable version of a flow: its definition and whether it validated.</summary>
public sealed record FlowVersion
{
    /// <summary>The flow's id.</summary>
    public required string FlowId { get; init; }

    /// <summary>1..n per flow; assigned by the store when the version is added.</summary>
    public int Number { get; init; }

    /// <summary>
    /// The definition document as written (JSON of the YAML shape): <c>inputs</c>, <c>trigger</c>, <c>steps</c>,
    /// <c>output</c>, <c>timeout</c>. Kept as written so export gives back what was imported.
    /// </summary>
    public required JsonObject Definition { get; init; }

    /// <summary>Notes for this version.</summary>
    public string? Notes { get; init; }

    /// <summary>Who saved it (key id, user, or <c>file:flows/x.yaml</c>).</summary>
    public string? CreatedBy { get; init; }

    /// <summary>
    /// The id of the key that saved it, its author: every run of the version does at most what that key may (a revoked
    /// author key stops its tool steps). Null when no key saved it (a file, the in-process API, auth off).
    /// </summary>
    public string? AuthorKeyId { get; init; }

    /// <summary>True when the definition validated; an invalid version can be stored (a draft) but never run.</summary>
    public bool Valid { get; init; }

    /// <summary>Validation errors, each naming the step key and path.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>SHA-256 of the canonical definition, to tell whether a file changed.</summary>
    public required string Hash { get; init; }

    /// <summary>When it was saved.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
