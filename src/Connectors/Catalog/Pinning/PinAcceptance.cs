namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>What an operator's acceptance of a changed tool definition came to.</summary>
public enum PinAcceptance
{
    /// <summary>The definition the upstream lists now is the pin; the tool is listed and callable again.</summary>
    Accepted,

    /// <summary>The tool's definition matches its pin already: nothing to accept.</summary>
    Unchanged,

    /// <summary>The tool was never pinned (no store checked it).</summary>
    NotPinned,

    /// <summary>The pin changed meanwhile (another acceptance): look at the tool again.</summary>
    Conflict,
}
