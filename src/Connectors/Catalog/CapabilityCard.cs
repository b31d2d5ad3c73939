using System.Text.Json;
using McpGateway.Connectors.Configuration;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Catalog;

/// <summary>
/// What the gateway knows about one exported tool: the upstream's definition plus annotations and configuration.
/// A card decorates the upstream's <see cref="Tool"/>; it never copies and edits it in place.
/// </summary>
public sealed record CapabilityCard
{
    /// <summary>The name on the aggregated endpoint: <c>{connector}__{tool}</c>, at most 64 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The connector that serves the tool.</summary>
    public required string Connector { get; init; }

    /// <summary>The upstream's own tool definition.</summary>
    public required Tool Upstream { get; init; }

    /// <summary>The upstream's tool name (also the name on the connector's own endpoint).</summary>
    public string UpstreamName => Upstream.Name;

    /// <summary>Title (config override, else the upstream's).</summary>
    public string? Title { get; init; }

    /// <summary>Description (config override, else the upstream's).</summary>
    public string? Description { get; init; }

    /// <summary>Input schema.</summary>
    public JsonElement InputSchema => Upstream.InputSchema;

    /// <summary>Only reads state.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>May destroy data (MCP default when unannotated: true).</summary>
    public bool Destructive { get; init; }

    /// <summary>Repeating the call with the same arguments has no further effect.</summary>
    public bool Idempotent { get; init; }

    /// <summary>low, medium or high.</summary>
    public string Risk { get; init; } = "medium";

    /// <summary>Per-call timeout.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>Template that derives an idempotency key from the arguments, or null.</summary>
    public string? IdempotencyKeyTemplate { get; init; }

    /// <summary>Retries allowed when safe (capped by policy); null means none unless the call asks.</summary>
    public int? Retry { get; init; }

    /// <summary>A tool to call once when this one fails, or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>True when a failure becomes a pending approval instead of an error.</summary>
    public bool EscalateOnFailure { get; init; }

    /// <summary>How to settle an unknown outcome, or null.</summary>
    public ProbeConfig? Probe { get; init; }

    /// <summary>Argument paths that name entities; null means every <c>*_id</c> argument.</summary>
    public IReadOnlyList<string>? EntityParams { get; init; }

    /// <summary>This tool's own rules (checked before the global ones).</summary>
    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];

    /// <summary>SHA-256 of the upstream definition's canonical JSON (name, description, schemas, annotations), for pinning.</summary>
    public required string DefinitionHash { get; init; }

    /// <summary>The hash pinned in the store for this tool, or null when pinning was not checked.</summary>
    public string? PinnedHash { get; init; }

    /// <summary>
    /// True when the upstream lists a definition other than the pinned one: the tool is hidden from every list and its
    /// calls are refused until an operator accepts the change.
    /// </summary>
    public bool Quarantined => PinnedHash is not null && PinnedHash != DefinitionHash;

    /// <summary><c>pinned</c>, <c>changed</c> (quarantined) or <c>unpinned</c> (no store checked it).</summary>
    public string PinState => PinnedHash is null ? "unpinned" : Quarantined ? "changed" : "pinned";

    /// <summary>Words agents and rules can match the tool by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Example calls.</summary>
    public IReadOnlyList<ToolExample> Examples { get; init; } = [];

    /// <summary>What authority the tool acts with, as the operator describes it.</summary>
    public string? Auth { get; init; }

    /// <summary>The tool as a client sees it under <paramref name="exportedName"/>.</summary>
    public Tool ToProtocolTool(string exportedName) => new()
    {
        Name = exportedName,
        Title = Title,
        Description = Description,
        InputSchema = Upstream.InputSchema,
        OutputSchema = Upstream.OutputSchema,
        Icons = Upstream.Icons,
        Meta = Upstream.Meta,
        Annotations = new ToolAnnotations
        {
            Title = Title,
            ReadOnlyHint = ReadOnly,
            DestructiveHint = Destructive,
            IdempotentHint = Idempotent,
            OpenWorldHint = Upstream.Annotations?.OpenWorldHint,
        },
    };
}
