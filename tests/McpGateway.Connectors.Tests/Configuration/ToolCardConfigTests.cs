using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

/// <summary>What a tool's entry in connectors.yaml adds to its capability card: tags, examples, an auth note.</summary>
public sealed class ToolCardConfigTests
{
    private const string File = "/etc/mcpgw/connectors.yaml";

    [Fact]
    public void Parse_TagsExamplesAuth_ReadIntoTheToolsOverride()
    {
        var config = ConfigLoader.Parse("""
            connectors:
              billing:
                kind: mcp-stdio
                command: x
                tools:
                  charge:
                    tags: [payments, money]
                    auth: "merchant account acct_1"
                    examples:
                      - description: "a small charge"
                        args: { payment_id: pay_1, amount: 10, meta: { rush: true } }
                      - args: { payment_id: pay_2, amount: 2.5 }
            """, File);

        var charge = config.Connectors.Single().Tools["charge"];
        Assert.Equal(["payments", "money"], charge.Tags!);
        Assert.Equal("merchant account acct_1", charge.Auth);
        Assert.Equal(2, charge.Examples!.Count);
        Assert.Equal("a small charge", charge.Examples[0].Description);
        Assert.Equal(10, charge.Examples[0].Args["amount"]!.GetValue<long>());
        Assert.True(charge.Examples[0].Args["meta"]!["rush"]!.GetValue<bool>());
        Assert.Null(charge.Examples[1].Description);
    }

    [Fact]
    public void Parse_BadExamplesAndTags_EveryErrorWithItsPath()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            connectors:
              billing:
                kind: mcp-stdio
                command: x
                tools:
                  charge:
                    tags: payments
                    examples:
                      - description: "no args"
                      - args: [1, 2]
                        when: always
                  refund:
                    examples: { args: {} }
            """, File));

        Assert.Equal(
            ["connectors.billing.tools.charge.examples[0].args", "connectors.billing.tools.charge.examples[1].args",
             "connectors.billing.tools.charge.examples[1].when", "connectors.billing.tools.charge.tags", "connectors.billing.tools.refund.examples"],
            ex.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
