using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;
using ModelContextProtocol;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// When an attempt's outcome is unknown (timeout after send, connection lost, or the caller cancelled while the
/// upstream had the call), runs the card's probe before any retry: succeeded → <c>reconciled</c> with the probe's
/// evidence (no retry; the idempotency key keeps it, so a repeat replays it); not observed → a retry is allowed and the
/// key is freed; probe failed → still unknown, and the key stays held.
/// </summary>
public sealed class ReconcileStage(Prober prober) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "reconcile";

    /// <inheritdoc />
    public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var outcome = await next(context);
        if (!outcome.IsOutcomeUnknown && outcome.Fault != ToolCallFault.Timeout && outcome.Status != ToolCallStatus.Cancelled)
        {
            return outcome;
        }

        if (context.Card!.Probe is not { } probe)
        {
            context.Record(Name, "no_probe", "the outcome stays unknown");
            return outcome;
        }

        var check = await prober.ProbeAsync(probe, context.Card.Connector, context.ArgumentsObject, CancellationToken.None);
        context.Record(Name, check.Verdict, check.Detail);
        switch (check.Verdict)
        {
            case "succeeded":
                context.Details["evidence"] = check.Evidence!.DeepClone();
                return ToolCallOutcome.WithResult(ToolCallStatus.Reconciled, Evidence(check, outcome.Message));
            case "not_observed":
                context.ProbeShowedNoEffect = true;
                return outcome;
            default:
                return outcome;
        }
    }

    /// <summary>The result a reconciled call returns: the probe's evidence.</summary>
    public static CallToolResult Evidence(ProbeCheck check, string? unknown) => new()
    {
        Content =
        [
            new TextContentBlock
            {
                Text = $"The call's outcome was unknown ({unknown}); a probe shows it took effect, so it was not repeated. Evidence: {check.Evidence!.ToJsonString()}",
            },
        ],
        StructuredContent = JsonSerializer.SerializeToElement(
            new JsonObject { ["reconciled"] = true, ["evidence"] = check.Evidence.DeepClone() }, McpJsonUtilities.DefaultOptions),
    };
}
