namespace McpGateway.Connectors.Upstreams;

/// <summary>Where a connector's upstream is in its life.</summary>
public enum UpstreamState
{
    /// <summary>Starting or initializing.</summary>
    Connecting,

    /// <summary>Initialized and answering.</summary>
    Connected,

    /// <summary>Went down; waiting out the backoff before the next start.</summary>
    Restarting,

    /// <summary>Could not start; retrying with backoff.</summary>
    Failed,

    /// <summary>Disabled in the configuration.</summary>
    Disabled,

    /// <summary>Stopped by the gateway.</summary>
    Stopped,
}
