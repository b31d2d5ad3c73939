namespace McpGateway.Connectors.Changes;

/// <summary>One change another process announced: what kind (<paramref name="Topic"/>) and which (<paramref name="Subject"/>, may be empty).</summary>
public sealed record ChangeNotice(string Topic, string Subject)
{
    /// <summary>A stored connection was set or deleted; the subject is its name.</summary>
    public const string Connection = "connection";

    /// <summary>A connector kept in the store (added over REST) was added, changed or removed.</summary>
    public const string Connectors = "connectors";

    /// <summary>A flow was published, enabled, disabled, renamed or deleted: the flow tools may differ.</summary>
    public const string Flows = "flows";

    /// <summary>A changed tool definition was accepted: judge the tools against the pins again; the subject is the connector.</summary>
    public const string Pins = "pins";

    /// <summary>An API key was revoked or rotated; the subject is the id or name it was revoked by.</summary>
    public const string Keys = "keys";

    /// <summary>The feed was interrupted and changes may have been missed: reread everything.</summary>
    public const string Resync = "resync";
}
