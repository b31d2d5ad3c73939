namespace McpGateway.IntegrationTests.Controlled;

/// <summary>connectors.yaml for the controlled-call scenarios: the demo upstream with production-like tools and policy.</summary>
internal static class ControlledConfigs
{
    /// <summary>The demo connector with durable upstream state in <paramref name="stateDir"/>; <paramref name="policyExtra"/> adds lines under policy:.</summary>
    public static string Demo(string stateDir, string auth = "none", string policyExtra = "", bool chargeProbe = true, string? upstreamProtocol = null) => $$$"""
        gateway:
          data_dir: ./data
          auth: {{{auth}}}
        policy:
          retry_base_delay: 20ms
          {{{policyExtra}}}
          rules:
            - when: "tool == 'demo__set_invoice' and args.status == 'void'"
              action: require_approval
              reason: "voiding needs a human, quickly"
              contract:
                expires_in: 1s
            - when: "tool == 'demo__set_invoice'"
              action: require_approval
              reason: "invoice changes need a human"
              contract:
                intent: "update the invoice"
                threshold: strict
                state_refetch: { tool: demo__get_invoice, args: { invoice_id: "{{args.invoice_id}}" } }
            - when: "tool == 'demo__pay_invoice' and args.amount >= 1000"
              action: require_approval
              approver: client
              reason: "large payment"
            - when: "tool == 'demo__crm_update' and args.fields.tier == 'vip'"
              action: deny
              reason: "tiers are set by sales"
        connectors:
          demo:
            kind: mcp-stdio
            command: dotnet
            args: ["{{{TestPaths.TestUpstreamDll}}}"{{{(upstreamProtocol is null ? "" : $", \"--protocol\", \"{upstreamProtocol}\"")}}}]
            env:
              TESTUPSTREAM_STATE_DIR: "{{{stateDir}}}"
            tools:
              slow_first: { timeout: 400ms, retry: 2 }
              set_invoice:
                idempotency_key: "invoice:{{args.invoice_id}}:{{args.status}}"
              charge:
                timeout: 1s
                idempotency_key: "charge:{{args.payment_id}}"
        {{{(chargeProbe ? ChargeProbe : "")}}}

        """;

    // Indented to sit under tools.charge in Demo.
    private const string ChargeProbe = """
                probe:
                  tool: demo__lookup_payment
                  args: { payment_id: "{{args.payment_id}}" }
                  succeeded_when: { found: "true" }
        """;
}
