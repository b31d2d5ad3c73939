namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>What an operator's verdict on an execution came to (<see cref="OutcomeSettlement"/>).</summary>
public enum SettlementStatus
{
    /// <summary>The key is settled by the verdict.</summary>
    Settled,

    /// <summary>The verdict is neither <c>executed</c> nor <c>not_executed</c>.</summary>
    BadVerdict,

    /// <summary>The execution holds no key whose outcome is unknown.</summary>
    NothingToSettle,

    /// <summary>Another settlement came first.</summary>
    SettledMeanwhile,
}
