namespace McpGateway.Policy.Pipeline;

/// <summary>Why a call did not reach a normal outcome; the surfaces map these to protocol errors or status codes.</summary>
public enum ToolCallFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>The tool name is not in the caller's catalog (MCP: JSON-RPC error; REST: 404).</summary>
    UnknownTool,

    /// <summary>The tool's connector is not connected right now (MCP: isError; REST: 502).</summary>
    UpstreamUnavailable,

    /// <summary>The upstream raised a protocol error or the transport failed (REST: 502).</summary>
    UpstreamError,

    /// <summary>The call exceeded its timeout.</summary>
    Timeout,
}
