namespace TestUpstream.Invoices;

/// <summary>An invoice as <c>get_invoice</c> returns it; <see cref="Version"/> grows by one with every change.</summary>
internal sealed record Invoice(
    string InvoiceId,
    string CustomerId,
    decimal Balance,
    string Status,
    string Currency,
    int Version);
