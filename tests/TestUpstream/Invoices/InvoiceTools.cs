using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.State;
using TestUpstream.Tools;

namespace TestUpstream.Invoices;

/// <summary>
/// <c>get_invoice</c>, <c>set_invoice</c> and <c>pay_invoice</c>: state that tests change between freezing an
/// approval and approving it, and a payment that is not idempotent.
/// </summary>
internal sealed class InvoiceTools(InvoicesState invoices)
{
    private const string InvoiceSchema = """
        {"type":"object","properties":{
          "invoice_id":{"type":"string"},"customer_id":{"type":"string"},"balance":{"type":"number"},
          "status":{"type":"string"},"currency":{"type":"string"},"version":{"type":"integer"}},
         "required":["invoice_id","customer_id","balance","status","currency","version"]}
        """;

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(GetInvoice, new()
        {
            Name = "get_invoice",
            Description = "Returns an invoice: customer, balance, status, currency and version.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(InvoiceSchema),
        });
        yield return McpServerTool.Create(SetInvoice, new()
        {
            Name = "set_invoice",
            Description = "Changes an invoice's balance, status or customer (omitted ones stay) and bumps its version; returns it.",
            Destructive = true,
            Idempotent = false,
            ReadOnly = false,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(InvoiceSchema),
        });
        yield return McpServerTool.Create(PayInvoice, new()
        {
            Name = "pay_invoice",
            Description = "Pays amount towards an invoice: subtracts it from the balance (paid at zero or below) and "
                + "bumps the version; returns the invoice. Not idempotent: every call pays again.",
            Destructive = true,
            Idempotent = false,
            ReadOnly = false,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(InvoiceSchema),
        });
    }

    private CallToolResult GetInvoice([Description("The invoice id, e.g. inv_1.")] string invoice_id) =>
        Result(invoice_id, invoices.Find(invoice_id));

    private CallToolResult SetInvoice(
        [Description("The invoice id, e.g. inv_1.")] string invoice_id,
        [Description("The new balance.")] decimal? balance = null,
        [Description("The new status, e.g. open, paid or void.")] string? status = null,
        [Description("The new customer id.")] string? customer_id = null) =>
        Result(invoice_id, invoices.Set(invoice_id, balance, status, customer_id));

    private CallToolResult PayInvoice(
        [Description("The invoice id, e.g. inv_1.")] string invoice_id,
        [Description("Amount paid; must be positive.")] decimal amount) =>
        amount <= 0
            ? ToolResults.Error($"amount must be positive, got {amount}.")
            : Result(invoice_id, invoices.Pay(invoice_id, amount));

    private CallToolResult Result(string invoiceId, Invoice? invoice) =>
        invoice is null
            ? ToolResults.Error($"No invoice '{invoiceId}'; known invoices: {string.Join(", ", invoices.Ids())}.")
            : StateResults.Structured(invoice);
}
