namespace McpGateway.Flows.Model;

/// <summary>
/// An operation applied to a flow (<c>POST /v1/flows/{flow}/operations</c>): <c>publish</c> (version, default latest:
/// must be valid), <c>enable</c>, <c>disable</c>, <c>move</c> (folder id or name, null for none), <c>rename</c> (name),
/// <c>rollback</c> (version: copied as the new latest version, a draft), <c>set_webhook_secret</c> (secret; null turns
/// the webhook off), <c>describe</c> (description, tags).
/// </summary>
public sealed record FlowOperation
{
    /// <summary>The operation's name.</summary>
    public required string Type { get; init; }

    /// <summary>A version number, or <c>latest</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The folder for <c>move</c>.</summary>
    public string? Folder { get; init; }

    /// <summary>The new name for <c>rename</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The secret for <c>set_webhook_secret</c>.</summary>
    public string? Secret { get; init; }

    /// <summary>The description for <c>describe</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The tags for <c>describe</c>.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Who applies it.</summary>
    public FlowActor? Actor { get; init; }
}
