namespace McpGateway.Mcp;

/// <summary>The JSON-RPC error codes the gateway answers with (the SDK's enum lacks the 2026-07-28 ones).</summary>
internal static class McpErrorCodes
{
    /// <summary>The method does not exist (or not in this revision).</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The params are not what the method takes.</summary>
    public const int InvalidParams = -32602;

    /// <summary>An HTTP header disagrees with the body it mirrors, or a required one is missing (2026-07-28).</summary>
    public const int HeaderMismatch = -32020;

    /// <summary>The request needs a client capability the request did not declare (2026-07-28).</summary>
    public const int MissingRequiredClientCapability = -32021;

    /// <summary>The server does not speak the revision the request names (2026-07-28).</summary>
    public const int UnsupportedProtocolVersion = -32022;
}
