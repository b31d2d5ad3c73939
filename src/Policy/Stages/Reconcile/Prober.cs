using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>Runs a card's probe (a read tool + <c>succeeded_when</c>) to settle whether a call took effect.</summary>
public sealed class Prober(StateReader reader)
{
    /// <summary>Runs a probe for a call with <paramref name="arguments"/>: succeeded, not_observed or probe_failed.</summary>
    public async ValueTask<ProbeCheck> ProbeAsync(ProbeConfig probe, string connector, JsonObject arguments, CancellationToken cancellationToken)
    {
        var vars = new JsonObject { ["args"] = arguments.DeepClone() };
        var read = await reader.ReadAsync(probe.Call, connector, vars, cancellationToken);
        if (read.State is null)
        {
            return new ProbeCheck("probe_failed", read.Problem, null);
        }

        var (failed, timedOut) = PolicyExpressions.Check(probe.SucceededWhen, PolicyExpressions.StateScope(read.State, arguments, "result"));
        if (timedOut)
        {
            // "Not observed" would allow a retry of a call that may have taken effect: an undecided probe settles nothing.
            return new ProbeCheck("probe_failed", $"{read.Tool}: succeeded_when could not be decided on its result ({string.Join("; ", failed)})", read.State);
        }

        if (failed.Count > 0)
        {
            return new ProbeCheck("not_observed", $"{read.Tool}: {failed[0]} does not hold", read.State);
        }

        return new ProbeCheck("succeeded", $"{read.Tool} shows the call took effect", read.State);
    }

}
