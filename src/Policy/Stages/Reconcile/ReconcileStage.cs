using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.State;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// When an attempt's outcome is unknown (timeout after send, connection lost), runs the card's probe before any retry:
/// succeeded → <c>reconciled</c> with the probe's evidence (no retry); not observed → a retry is allowed; probe
/// failed → still unknown.
/// </summary>
public sealed class ReconcileStage(StateReader reader) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "reconcile";

    /// <inheritdoc />
    public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var outcome = await next(context);
        if (!outcome.IsOutcomeUnknown && outcome.Fault != ToolCallFault.Timeout)
        {
            return outcome;
        }

        if (context.Card!.Probe is not { } probe)
        {
            context.Record(Name, "no_probe", "the outcome stays unknown");
            return outcome;
        }

        var check = await ProbeAsync(probe, context.Card.Connector, context.ArgumentsObject, CancellationToken.None);
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

    /// <summary>Runs a probe for a call with <paramref name="arguments"/>: succeeded, not_observed or probe_failed.</summary>
    public async ValueTask<ProbeCheck> ProbeAsync(ProbeConfig probe, string connector, JsonObject arguments, CancellationToken cancellationToken)
    {
        var vars = new JsonObject { ["args"] = arguments.DeepClone() };
        var read = await reader.ReadAsync(probe.Call, connector, vars, cancellationToken);
        if (read.State is null)
        {
            return new ProbeCheck("probe_failed", read.Problem, null);
        }

        var scope = (JsonObject)read.State.DeepClone();
        scope["result"] = read.State.DeepClone();
        scope["args"] = arguments.DeepClone();
        foreach (var condition in PolicyExpressions.Compile(probe.SucceededWhen))
        {
            if (!condition.Evaluate(scope))
            {
                return new ProbeCheck("not_observed", $"{read.Tool}: {condition.Text} does not hold", read.State);
            }
        }

        return new ProbeCheck("succeeded", $"{read.Tool} shows the call took effect", read.State);
    }

    private static CallToolResult Evidence(ProbeCheck check, string? unknown) => new()
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
