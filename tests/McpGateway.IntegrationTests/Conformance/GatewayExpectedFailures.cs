namespace McpGateway.IntegrationTests.Conformance;

/// <summary>
/// Scored checks of the conformance suite that pass directly against TestUpstream but fail through the gateway's
/// <c>/c/{connector}/mcp</c> today, with the reason, per requirement set. They apply to both connector kinds
/// (<c>mcp-stdio</c>, <c>mcp-http</c>). Delete a line when its feature lands: the test then prints "now passes" for it.
/// Today the gateway speaks 2025-11-25 to every upstream, so a 2026-07-28 client is bridged onto an upstream session.
/// </summary>
internal static class GatewayExpectedFailures
{
    // A 2026 client's call reaches the upstream on the gateway's 2025 session; the upstream's InputRequiredException
    // becomes elicitation/create (or sampling, roots) to the gateway, which has no session to ask it on, so the call
    // completes with an error instead of relaying an InputRequiredResult (issue 16 point 3: MRTR relay to 2026 clients).
    private const string MrtrRelay = "MRTR relay to 2026 clients (2025 upstream asks on its session)";

    // The upstream sees the gateway's session capabilities (sampling declared), not the 2026 request's own
    // _meta clientCapabilities, so it runs the tool instead of answering -32021.
    private const string RequestCapabilities = "per-request client capabilities are not passed to the upstream";

    // subscriptions/listen on /c/{connector}/mcp does not yet deliver the upstream's list_changed notifications.
    private const string Listen = "subscriptions/listen relay of list changes";

    public static IReadOnlyDictionary<string, string> For(string requirements) => requirements switch
    {
        ConformanceSuite.Revision2026 => Revision2026,
        _ => new Dictionary<string, string>(),
    };

    private static readonly Dictionary<string, string> Revision2026 = new(StringComparer.Ordinal)
    {
        ["server-stateless:sep-2575-server-rejects-undeclared-capability"] = RequestCapabilities,
        ["server-stateless:sep-2575-missing-capability-http-400"] = RequestCapabilities,
        ["server-stateless:sep-2575-server-sends-prompts-list-changed-on-subscription"] = Listen,
        ["server-stateless:sep-2575-server-sends-tools-list-changed-on-subscription"] = Listen,
        // The 2025 upstream answers an unknown resource with -32002; a 2026 client expects -32602 (SEP-2164),
        // which the gateway does not translate (WARNING through the gateway).
        ["sep-2164-resource-not-found:sep-2164-error-code"] = "resource-not-found code not translated to -32602 for 2026 clients",
        ["input-required-result-basic-elicitation:sep-2322-elicitation-incomplete"] = MrtrRelay,
        ["input-required-result-basic-elicitation:sep-2322-elicitation-complete"] = MrtrRelay,
        ["input-required-result-basic-sampling:sep-2322-sampling-incomplete"] = MrtrRelay,
        ["input-required-result-basic-sampling:sep-2322-sampling-complete"] = MrtrRelay,
        ["input-required-result-basic-list-roots:sep-2322-list-roots-incomplete"] = MrtrRelay,
        ["input-required-result-basic-list-roots:sep-2322-list-roots-complete"] = MrtrRelay,
        ["input-required-result-request-state:sep-2322-request-state-incomplete"] = MrtrRelay,
        ["input-required-result-request-state:sep-2322-request-state-complete"] = MrtrRelay,
        ["input-required-result-multiple-input-requests:sep-2322-multiple-inputs-incomplete"] = MrtrRelay,
        ["input-required-result-multiple-input-requests:sep-2322-multiple-inputs-complete"] = MrtrRelay,
        ["input-required-result-multi-round:sep-2322-multi-round-r1"] = MrtrRelay,
        ["input-required-result-multi-round:sep-2322-multi-round-r2"] = MrtrRelay,
        ["input-required-result-multi-round:sep-2322-multi-round-r3"] = MrtrRelay,
        ["input-required-result-missing-input-response:sep-2322-missing-response-rerequests"] = MrtrRelay,
        ["input-required-result-non-tool-request:sep-2322-non-tool-incomplete"] = MrtrRelay,
        ["input-required-result-non-tool-request:sep-2322-non-tool-complete"] = MrtrRelay,
        ["input-required-result-result-type:sep-2322-result-type-included"] = MrtrRelay,
        ["input-required-result-tampered-state:sep-2322-reject-tampered-state"] = MrtrRelay,
        ["input-required-result-capability-check:sep-2322-respect-client-capabilities"] = MrtrRelay,
        ["input-required-result-validate-input:sep-2322-validate-input-responses"] = MrtrRelay,
        ["input-required-result-validate-input:sep-2322-error-on-protocol-error"] = MrtrRelay,
    };
}
