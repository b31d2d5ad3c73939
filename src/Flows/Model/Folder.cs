namespace McpGateway.Flows.Model;

/// <summary>A folder that groups flows; its name is unique.</summary>
public sealed record Folder
{
    /// <summary><c>fld_…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Unique name.</summary>
    public required string Name { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
