namespace McpGateway.Flows.Model;

/// <summary>The kinds of <see cref="FlowError"/>.</summary>
public static class FlowErrorCodes
{
    /// <summary>The flow, version, folder or run does not exist (404).</summary>
    public const string NotFound = "not_found";

    /// <summary>A name is taken, a folder is not empty, a run is already terminal (409).</summary>
    public const string Conflict = "conflict";

    /// <summary>The definition or the inputs do not validate (422).</summary>
    public const string Invalid = "invalid";

    /// <summary>The flow is disabled or has no published version (409).</summary>
    public const string NotRunnable = "not_runnable";
}
