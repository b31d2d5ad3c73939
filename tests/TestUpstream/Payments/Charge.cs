namespace TestUpstream.Payments;

/// <summary>One recorded charge; a line of <c>charges.jsonl</c> and an item of <c>list_charges</c>.</summary>
internal sealed record Charge(
    long Sequence,
    string ChargeId,
    string PaymentId,
    decimal Amount,
    string Currency,
    string? CustomerId,
    DateTimeOffset ChargedAt);
