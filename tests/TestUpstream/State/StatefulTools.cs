using ModelContextProtocol.Server;
using TestUpstream.Crm;
using TestUpstream.Invoices;
using TestUpstream.Payments;
using TestUpstream.Tools;

namespace TestUpstream.State;

/// <summary>
/// Builds the tools with side effects a gateway must not repeat (payments, CRM, invoices) over one
/// <see cref="StateDirectory"/>, plus <c>slow_first</c> and <c>reset_state</c>.
/// </summary>
internal static class StatefulTools
{
    public static IEnumerable<McpServerTool> Create(CallStats stats)
    {
        var directory = StateDirectory.FromEnvironment();
        var time = TimeProvider.System;
        var payments = new PaymentsState(directory, time);
        var crm = new CrmState(directory, time);
        var invoices = new InvoicesState(directory, time);
        var slowFirst = new SlowFirstCounters();

        return new PaymentTools(payments, stats).Create()
            .Concat(new CrmTools(crm).Create())
            .Concat(new InvoiceTools(invoices).Create())
            .Concat(new SlowFirstTools(slowFirst, stats).Create())
            .Concat(new StateTools(payments, crm, invoices, slowFirst).Create());
    }
}
