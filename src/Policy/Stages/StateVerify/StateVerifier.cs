using System.Text.Json.Nodes;
using McpGateway.Policy.Arguments;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.StateVerify;

/// <summary>
/// Checks a caller's assumptions against the live state: required fields, assumed values (field-level drift) and
/// conditions → execute, abort or replan. Used by the state-verification stage and <c>POST /v1/state/verify</c>.
/// </summary>
public sealed class StateVerifier(StateReader reader)
{
    /// <summary>Verifies <paramref name="request"/>; the live state is the supplied one, else read with the refetch tool.</summary>
    /// <param name="request">The assumptions.</param>
    /// <param name="connector">The connector a bare refetch tool name belongs to.</param>
    /// <param name="variables">Template variables for the refetch arguments (args, ...).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<VerifyResult> VerifyAsync(VerifyRequest request, string connector, JsonObject variables, CancellationToken cancellationToken)
    {
        var live = request.State;
        if (live is null && request.StateRefetch is { } refetch)
        {
            var read = await reader.ReadAsync(refetch, connector, variables, cancellationToken);
            if (read.State is null)
            {
                return new VerifyResult("abort", null, [], [], [], read.Problem);
            }

            live = read.State;
        }

        if (live is null)
        {
            return new VerifyResult("abort", null, [], [], [], "no live state: supply state or state_refetch");
        }

        var missing = request.RequiredFields.Where(f => EntityArguments.At(live, f) is null).ToList();
        var drift = request.AssumedState is null ? [] : StateDiff.Drift(request.AssumedState, live);
        var failed = PolicyExpressions.Failed(request.Conditions, PolicyExpressions.StateScope(live, variables["args"] as JsonObject));
        var ok = missing.Count == 0 && drift.Count == 0 && failed.Count == 0;
        var decision = ok ? "execute" : request.OnMismatch == "replan" ? "replan" : "abort";
        return new VerifyResult(decision, live, missing, drift, failed, null);
    }
}
