using TestUpstream.State;

namespace TestUpstream.Invoices;

/// <summary>
/// A small invoice table: the seed below, overlaid with every change recorded since the last reset.
/// Paying is permissive on purpose (any open or paid invoice, overpaying drives the balance negative), so a
/// duplicate payment a gateway lets through shows in the balance instead of being refused here.
/// </summary>
internal sealed class InvoicesState(StateDirectory directory, TimeProvider time)
{
    public const string Open = "open";
    public const string Paid = "paid";

    private static readonly Invoice[] Seed =
    [
        new("inv_1", "cust_1", 120.5m, Open, "EUR", 1),
        new("inv_2", "cust_2", 0m, Paid, "EUR", 1),
        new("inv_3", "cust_1", 40m, Open, "EUR", 1),
    ];

    private readonly JsonLinesLog<InvoiceChange> _changes = directory.Log<InvoiceChange>("invoice_changes.jsonl");

    public Invoice? Find(string invoiceId) => directory.Locked(() => Current(_changes.ReadAll()).GetValueOrDefault(invoiceId));

    /// <summary>Applies the given values (null leaves one as it is) and bumps the version; null if there is no such invoice.</summary>
    public Invoice? Set(string invoiceId, decimal? balance, string? status, string? customerId) =>
        Change(invoiceId, "set", amount: null, invoice => invoice with
        {
            Balance = balance ?? invoice.Balance,
            Status = status ?? invoice.Status,
            CustomerId = customerId ?? invoice.CustomerId,
        });

    /// <summary>Subtracts the amount from the balance; a balance at or below zero makes the invoice paid.</summary>
    public Invoice? Pay(string invoiceId, decimal amount) =>
        Change(invoiceId, "pay", amount, invoice =>
        {
            var balance = invoice.Balance - amount;
            return invoice with { Balance = balance, Status = balance <= 0 ? Paid : invoice.Status };
        });

    public IEnumerable<string> Ids() => directory.Locked(() => Current(_changes.ReadAll()).Keys.Order(StringComparer.Ordinal).ToList());

    public void Reset() => directory.Locked(_changes.Clear);

    private Invoice? Change(string invoiceId, string kind, decimal? amount, Func<Invoice, Invoice> apply) => directory.Locked(() =>
    {
        var changes = _changes.ReadAll();
        if (!Current(changes).TryGetValue(invoiceId, out var invoice))
        {
            return null;
        }

        var changed = apply(invoice) with { Version = invoice.Version + 1 };
        var sequence = changes.Count == 0 ? 1 : changes[^1].Sequence + 1;
        _changes.Append(new InvoiceChange(sequence, kind, amount, changed, time.GetUtcNow()));
        return changed;
    });

    private static Dictionary<string, Invoice> Current(List<InvoiceChange> changes)
    {
        var table = Seed.ToDictionary(invoice => invoice.InvoiceId, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            table[change.Invoice.InvoiceId] = change.Invoice;
        }

        return table;
    }
}
