using McpGateway.Flows.Model;

namespace McpGateway;

/// <summary>Thrown by <see cref="Gateway"/> when an operation is refused (not found, conflict, invalid, not runnable).</summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates the exception for a refusal.</summary>
    public GatewayException(FlowError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The refusal: its code and itemised errors.</summary>
    public FlowError Error { get; }
}
