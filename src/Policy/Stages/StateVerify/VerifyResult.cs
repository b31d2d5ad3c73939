using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.StateVerify;

/// <summary>The outcome of a state verification.</summary>
/// <param name="Decision">execute, abort or replan.</param>
/// <param name="LiveState">The state checked, when there was one.</param>
/// <param name="MissingFields">Required fields absent from the live state.</param>
/// <param name="Drift">Assumed values that differ: field, expected, actual.</param>
/// <param name="FailedConditions">Conditions that did not hold.</param>
/// <param name="Problem">Why there was nothing to check (state unavailable).</param>
public sealed record VerifyResult(string Decision, JsonObject? LiveState, IReadOnlyList<string> MissingFields, JsonArray Drift, IReadOnlyList<string> FailedConditions, string? Problem)
{
    /// <summary>A one-line summary for messages and traces.</summary>
    public string Summary()
    {
        if (Problem is not null)
        {
            return Problem;
        }

        var parts = new List<string>();
        if (MissingFields.Count > 0)
        {
            parts.Add("missing " + string.Join(", ", MissingFields));
        }

        if (Drift.Count > 0)
        {
            parts.Add("changed " + string.Join(", ", Drift.Select(d => d!["field"]!.GetValue<string>())));
        }

        if (FailedConditions.Count > 0)
        {
            parts.Add("failed " + string.Join("; ", FailedConditions));
        }

        return parts.Count == 0 ? "as assumed" : string.Join("; ", parts);
    }

    /// <summary>The result as JSON (for details and the REST answer).</summary>
    public JsonObject ToJson() => new()
    {
        ["decision"] = Decision,
        ["live_state"] = LiveState?.DeepClone(),
        ["missing_fields"] = new JsonArray(MissingFields.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        ["drift"] = Drift.DeepClone(),
        ["failed_conditions"] = new JsonArray(FailedConditions.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        ["problem"] = Problem,
    };
}
