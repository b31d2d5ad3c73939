using TestUpstream.State;

namespace TestUpstream.Payments;

/// <summary>
/// The charges made so far. Deliberately not idempotent: every <see cref="Charge"/> call adds a charge, however often
/// a payment id repeats, so duplicates a gateway lets through are visible.
/// </summary>
internal sealed class PaymentsState(StateDirectory directory, TimeProvider time)
{
    private readonly JsonLinesLog<Charge> _charges = directory.Log<Charge>("charges.jsonl");

    public Charge Charge(string paymentId, decimal amount, string currency, string? customerId) => directory.Locked(() =>
    {
        var charges = _charges.ReadAll();
        var sequence = charges.Count == 0 ? 1 : charges[^1].Sequence + 1;
        var charge = new Charge(sequence, $"ch_{sequence}", paymentId, amount, currency, customerId, time.GetUtcNow());
        _charges.Append(charge);
        return charge;
    });

    public List<Charge> ForPayment(string paymentId) =>
        [.. All().Where(charge => string.Equals(charge.PaymentId, paymentId, StringComparison.Ordinal))];

    public List<Charge> All() => directory.Locked(_charges.ReadAll);

    public void Reset() => directory.Locked(_charges.Clear);
}
