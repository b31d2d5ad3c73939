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

    /// <summary>
    /// <see cref="GatewayFull"/> with rate limits too (a request limit and a concurrency limit per agent that never refuse
    /// the bench's calls), in a process of its own: what counting every call in the store costs.
    /// </summary>
    public const string GatewayLimited = "gateway-limited";

    /// <summary>The same gateway process as <see cref="Gateway"/>, called in the stateless revision 2026-07-28 (no session).</summary>
    public const string Gateway2026 = "gateway-2026";

    /// <summary>
    /// The gateway composed by bench/McpGateway.Bench.MapMcp with its hand-written MCP endpoint, in a fresh process of its
    /// own, called in 2026-07-28 on <c>/c/demo/mcp</c>: the baseline for <see cref="FrontMapMcp"/>.
    /// </summary>
    public const string FrontEndpoint = "front-endpoint";

    /// <summary>The same host and gateway with the SDK's <c>MapMcp</c> (stateless) as the MCP front instead, in a fresh process of its own.</summary>
    public const string FrontMapMcp = "front-mapmcp";

    /// <summary>One replica on PostgreSQL behind HAProxy, 2025-11-25 sessions: the baseline for <see cref="Balanced3"/>.</summary>
    public const string Balanced1 = "lb-1";

    /// <summary>Three replicas on one PostgreSQL database behind HAProxy in round robin, no stickiness, 2025-11-25 sessions.</summary>
    public const string Balanced3 = "lb-3";

    public static readonly IReadOnlyList<string> All = [DirectHttp, DirectStdio, Gateway, Gateway2026, GatewayFull, GatewayLimited, FrontEndpoint, FrontMapMcp, Balanced1, Balanced3];

    /// <summary>The targets behind HAProxy (they need <c>--postgres</c> and haproxy).</summary>
    public static bool IsBalanced(string target) => target is Balanced1 or Balanced3;

    /// <summary>What runs without <c>--targets</c>: everything but the front comparison, which needs a build of its own host.</summary>
    public static readonly IReadOnlyList<string> Default = [DirectHttp, DirectStdio, Gateway, Gateway2026, GatewayFull];

    /// <summary>The targets whose gateway is the bench's front host (bench/McpGateway.Bench.MapMcp) rather than mcpgw.</summary>
    public static bool IsFront(string target) => target is FrontEndpoint or FrontMapMcp;

    /// <summary>The targets whose server is a gateway (its own CPU is the server's minus its upstream's).</summary>
    public static bool IsGateway(string target) => target is Gateway or Gateway2026 or GatewayFull or GatewayLimited || IsFront(target);
}
