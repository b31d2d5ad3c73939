using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Crm;
using TestUpstream.Invoices;
using TestUpstream.Payments;
using TestUpstream.Tools;

namespace TestUpstream.State;

/// <summary><c>reset_state</c>: forgets charges, CRM updates, invoice changes and <c>slow_first</c> counts.</summary>
internal sealed class StateTools(PaymentsState payments, CrmState crm, InvoicesState invoices, SlowFirstCounters slowFirst)
{
    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(Reset, new()
        {
            Name = "reset_state",
            Description = "Clears charges and CRM updates, restores the seeded invoices and resets slow_first counters.",
            Destructive = true,
            Idempotent = true,
            ReadOnly = false,
        });
    }

    private CallToolResult Reset()
    {
        payments.Reset();
        crm.Reset();
        invoices.Reset();
        slowFirst.Reset();
        return StateResults.Structured(new { Reset = true });
    }
}
