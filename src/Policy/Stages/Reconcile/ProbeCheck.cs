using System.Text.Json.Nodes;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>What a probe found.</summary>
/// <param name="Verdict">succeeded, not_observed or probe_failed.</param>
/// <param name="Detail">A sentence for the trace.</param>
/// <param name="Evidence">The probe's result, when it answered.</param>
public sealed record ProbeCheck(string Verdict, string? Detail, JsonObject? Evidence);
