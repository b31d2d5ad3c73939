namespace McpGateway.Flows.Model;

/// <summary>What deleting a folder came to.</summary>
public enum FolderDeleteResult
{
    /// <summary>It was deleted.</summary>
    Deleted,

    /// <summary>No such folder.</summary>
    NotFound,

    /// <summary>Flows are still in it; nothing changed.</summary>
    NotEmpty,
}
