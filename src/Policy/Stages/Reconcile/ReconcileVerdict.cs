using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>How an unknown outcome was settled.</summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Status">reconciled, failed or unknown.</param>
/// <param name="Detail">What the probe said.</param>
/// <param name="Evidence">The probe's result, when it answered.</param>
public sealed record ReconcileVerdict(string ExecutionId, string Status, string? Detail, JsonObject? Evidence);
