namespace McpGateway.Flows.Model;

/// <summary>
/// Who authors or changes a flow: a display name (a version's <c>created_by</c>: <c>key:ci-bot</c>, <c>api</c>,
/// <c>file:x.yaml</c>) and, when an API key did it, that key's id. A version saved with a key has that key as its
/// author, whose authority bounds every run of the version.
/// </summary>
/// <param name="Name">The display name.</param>
/// <param name="KeyId">The key's id, when a key did it.</param>
public sealed record FlowActor(string Name, string? KeyId = null)
{
    /// <summary>An actor without a key (a file, the in-process API, a gateway without auth).</summary>
    public static implicit operator FlowActor(string name) => FromString(name);

    /// <summary>An actor without a key.</summary>
    public static FlowActor FromString(string name) => new(name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
