namespace TestUpstream.Invoices;

/// <summary>
/// One change to an invoice, a line of <c>invoice_changes.jsonl</c>: what happened (<c>set</c> or <c>pay</c>, with the
/// amount paid) and the whole invoice after it, so the table is the seed overlaid with the last change per invoice.
/// </summary>
internal sealed record InvoiceChange(
    long Sequence,
    string Kind,
    decimal? Amount,
    Invoice Invoice,
    DateTimeOffset ChangedAt);
