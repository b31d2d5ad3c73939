namespace McpGateway.Bench;

/// <summary>The three things the bench measures, as named on the command line and in the table.</summary>
internal static class TargetNames
{
    /// <summary>The SDK client over Streamable HTTP straight to TestUpstream's HTTP server.</summary>
    public const string DirectHttp = "direct-http";

    /// <summary>The SDK client over stdio straight to a TestUpstream child process: the gateway's own upstream hop.</summary>
    public const string DirectStdio = "direct-stdio";

    /// <summary>The SDK client over Streamable HTTP to the gateway, in front of a stdio TestUpstream, journal on.</summary>
    public const string Gateway = "gateway";

    /// <summary>The gateway with every stage configured: an API key, schema, two rules and a fresh idempotency key per call.</summary>
    public const string GatewayFull = "gateway-full";

    /// <summary>The same gateway process as <see cref="Gateway"/>, called in the stateless revision 2026-07-28 (no session).</summary>
    public const string Gateway2026 = "gateway-2026";

    public static readonly IReadOnlyList<string> All = [DirectHttp, DirectStdio, Gateway, Gateway2026, GatewayFull];
}
