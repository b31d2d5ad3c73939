using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.State;
using TestUpstream.Tools;

namespace TestUpstream.Payments;

/// <summary>
/// <c>charge</c>, <c>lookup_payment</c> and <c>list_charges</c>: a payment provider that charges again on every call,
/// so only the gateway can stop a retry from charging twice.
/// </summary>
internal sealed class PaymentTools(PaymentsState payments, CallStats stats)
{
    public const string Succeeded = "succeeded";
    public const string NotFound = "not_found";
    public const string DefaultCurrency = "EUR";

    private const string ChargeSchema = """
        {"type":"object","properties":{
          "charge_id":{"type":"string"},"payment_id":{"type":"string"},"amount":{"type":"number"},
          "status":{"type":"string","enum":["succeeded"]}},
         "required":["charge_id","payment_id","amount","status"]}
        """;

    private const string LookupSchema = """
        {"type":"object","properties":{
          "payment_id":{"type":"string"},"found":{"type":"boolean"},"charges":{"type":"integer"},
          "status":{"type":"string","enum":["succeeded","not_found"]},"amount":{"type":"number"}},
         "required":["payment_id","found","charges","status"]}
        """;

    private const string ListSchema = """
        {"type":"object","properties":{
          "charges":{"type":"array","items":{"type":"object","properties":{
            "sequence":{"type":"integer"},"charge_id":{"type":"string"},"payment_id":{"type":"string"},
            "amount":{"type":"number"},"currency":{"type":"string"},"customer_id":{"type":["string","null"]},
            "charged_at":{"type":"string"}}}},
          "count":{"type":"integer"}},
         "required":["charges","count"]}
        """;

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(ChargeAsync, new()
        {
            Name = "charge",
            Description = "Charges amount for payment_id. Not idempotent: every call records a new charge. delay_ms waits "
                + "before charging; hang_after_charge_ms waits after the charge is recorded, before answering.",
            Destructive = true,
            Idempotent = false,
            ReadOnly = false,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(ChargeSchema),
        });
        yield return McpServerTool.Create(LookupPayment, new()
        {
            Name = "lookup_payment",
            Description = "How many charges exist for payment_id, and the amount of the latest.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(LookupSchema),
        });
        yield return McpServerTool.Create(ListCharges, new()
        {
            Name = "list_charges",
            Description = "Every charge recorded since the last reset_state, oldest first.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(ListSchema),
        });
    }

    private async Task<CallToolResult> ChargeAsync(
        [Description("The caller's payment id; charging the same id again charges again.")] string payment_id,
        [Description("Amount to charge; must be positive.")] decimal amount,
        [Description("ISO currency code; EUR if omitted.")] string? currency = null,
        [Description("The customer charged.")] string? customer_id = null,
        [Description("Milliseconds to wait before charging.")] int delay_ms = 0,
        [Description("Milliseconds to wait after the charge is recorded, before answering.")] int hang_after_charge_ms = 0,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(payment_id))
        {
            return ToolResults.Error("payment_id must not be empty.");
        }

        if (amount <= 0)
        {
            return ToolResults.Error($"amount must be positive, got {amount}.");
        }

        if (delay_ms < 0 || hang_after_charge_ms < 0)
        {
            return ToolResults.Error("delay_ms and hang_after_charge_ms must not be negative.");
        }

        await TrackedDelay.WaitAsync(delay_ms, stats, cancellationToken);
        var charge = payments.Charge(payment_id, amount, currency ?? DefaultCurrency, customer_id);

        // The charge is on disk: a caller that gives up now has still been charged, as with a real provider.
        await TrackedDelay.WaitAsync(hang_after_charge_ms, stats, cancellationToken);
        return StateResults.Structured(new { charge.ChargeId, charge.PaymentId, charge.Amount, Status = Succeeded });
    }

    private CallToolResult LookupPayment([Description("The payment id to look up.")] string payment_id)
    {
        var charges = payments.ForPayment(payment_id);
        return charges.Count == 0
            ? StateResults.Structured(new { PaymentId = payment_id, Found = false, Charges = 0, Status = NotFound })
            : StateResults.Structured(new { PaymentId = payment_id, Found = true, Charges = charges.Count, Status = Succeeded, charges[^1].Amount });
    }

    private CallToolResult ListCharges()
    {
        var charges = payments.All();
        return StateResults.Structured(new { Charges = charges, Count = charges.Count });
    }
}
