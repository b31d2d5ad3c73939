using McpGateway.Policy.Callers;

namespace McpGateway.Flows.Execution;

/// <summary>What a run's tool step may do: act as <paramref name="Key"/>, bounded by <paramref name="Bounds"/>; or nothing, and why.</summary>
/// <param name="Key">The principal that started or last restarted the run (null: none, auth off or in-process).</param>
/// <param name="Bounds">The authors of the run's version and of its parent runs' versions.</param>
/// <param name="Refusal">Why no call may be made (a key revoked, a version gone), or null.</param>
public sealed record RunAuthority(ApiKey? Key, IReadOnlyList<ApiKey> Bounds, string? Refusal = null)
{
    /// <summary>No call may be made, for <paramref name="reason"/>.</summary>
    public static RunAuthority Refused(string reason) => new(null, [], reason);
}
