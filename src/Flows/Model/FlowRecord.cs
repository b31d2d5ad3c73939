namespace McpGateway.Flows.Model;

/// <summary>A flow: a named automation whose versions are immutable; one version may be published.</summary>
public sealed record FlowRecord
{
    /// <summary><c>flw_…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Unique slug (<c>[a-z0-9][a-z0-9_-]*</c>, at most 58 characters so <c>flow__{name}</c> fits 64).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// A caller-chosen stable id (Activepieces' <c>externalId</c>), unique when set: it finds the same flow across
    /// environments, so an import that carries it updates that flow whatever its name.
    /// </summary>
    public string? ExternalId { get; init; }

    /// <summary>What it does (the MCP tool's description).</summary>
    public string? Description { get; init; }

    /// <summary>The folder id, or null.</summary>
    public string? FolderId { get; init; }

    /// <summary><see cref="FlowStatuses"/>.</summary>
    public string Status { get; init; } = FlowStatuses.Disabled;

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The PRODUCTION version number, or null when none is published.</summary>
    public int? PublishedVersion { get; init; }

    /// <summary>
    /// The webhook secret as stored: sealed (<see cref="Triggers.WebhookSecrets"/>; a secret an earlier version stored
    /// in clear until it is sealed on start); null means the webhook is off. Open it with <see cref="FlowService.WebhookSecret"/>.
    /// </summary>
    public string? WebhookSecret { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
