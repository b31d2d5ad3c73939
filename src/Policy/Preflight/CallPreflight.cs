using System.Text.RegularExpressions;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Preflight;

/// <summary>
/// What a proposed call risks, read from the tool's capability card and the caller's proposal before anything runs:
/// a score, warnings, and the guardrails that would answer each. The pipeline's own decision comes from a simulation
/// beside it (<see cref="ToolCallPipelineBuilder.BuildSimulation"/>).
/// </summary>
public static partial class CallPreflight
{
    /// <summary>Assesses a call of <paramref name="card"/>'s tool as <paramref name="context"/> proposes it.</summary>
    public static PreflightReport Assess(CapabilityCard card, ToolCallContext context)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(context);
        var warnings = new List<PreflightWarning>();
        if (card.Destructive)
        {
            warnings.Add(new(PreflightCodes.Destructive, "The tool declares it may destroy or overwrite data.",
                "Hold it for a human: a rule with action require_approval for this tool."));
        }

        if (!card.ReadOnly && !card.Idempotent && card.IdempotencyKeyTemplate is null && string.IsNullOrEmpty(context.IdempotencyKey))
        {
            warnings.Add(new(PreflightCodes.NoIdempotencyKey, "The tool is not idempotent and the call has no idempotency key: a retry could run it twice.",
                "Send an idempotency key with the call, or give the tool an idempotency_key template in connectors.yaml."));
        }

        if (!card.ReadOnly && card.Probe is null && PaymentLike(card))
        {
            warnings.Add(new(PreflightCodes.NoProbe, "The tool looks like it moves money and has no probe: an outcome lost in a timeout cannot be checked.",
                "Give the tool a probe (a read-only lookup and the condition that shows the effect happened)."));
        }

        if (card.EntityParams is { Count: > 0 } && context.Entity is null)
        {
            warnings.Add(new(PreflightCodes.EntityNotResolved, $"The call names an entity ({string.Join(", ", card.EntityParams)}) but no entity resolution was given.",
                "Resolve the entity first and send entity_resolution with the call, so the gateway checks the arguments name it."));
        }

        var score = Math.Min(100, BaseScore(card.Risk) + (10 * warnings.Count));
        return new PreflightReport(card.Risk, score, warnings);
    }

    private static int BaseScore(string risk) => risk switch
    {
        "low" => 10,
        "high" => 70,
        "critical" => 90,
        _ => 40,
    };

    private static bool PaymentLike(CapabilityCard card) =>
        PaymentWords().IsMatch(card.UpstreamName) || (card.Description is { } d && PaymentWords().IsMatch(d));

    [GeneratedRegex(@"charge|payment|refund|payout|transfer|withdraw", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PaymentWords();
}
