namespace McpGateway.Flows.Execution;

/// <summary>What a flow's tool call came to, for the engine.</summary>
public enum FlowToolResultKind
{
    /// <summary>The tool ran (or its stored result was replayed or reconciled): the output is set.</summary>
    Succeeded,

    /// <summary>A definite failure: the tool did not take effect (a retry with a new key is safe).</summary>
    Failed,

    /// <summary>Frozen for approval: the approval id is set.</summary>
    PendingApproval,

    /// <summary>The outcome is not known yet (in flight, being reconciled): call again later with the same key.</summary>
    Unknown,

    /// <summary>
    /// The tool may have taken effect and nothing can tell (an earlier call with this key ended mid-call, and no probe
    /// settled it): the step fails and is not retried, since a retry with a new key could make it happen twice.
    /// </summary>
    Undetermined,

    /// <summary>Nothing was executed because the tool cannot be reached right now (connector down or starting, circuit open): call again later.</summary>
    Unavailable,
}
