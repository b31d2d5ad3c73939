namespace McpGateway.Connectors.Upstreams;

/// <summary>The connector is not connected right now; nothing was sent upstream.</summary>
public sealed class UpstreamUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpstreamUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpstreamUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpstreamUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
