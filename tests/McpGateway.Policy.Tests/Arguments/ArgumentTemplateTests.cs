using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Arguments;

namespace McpGateway.Policy.Tests.Arguments;

public sealed class ArgumentTemplateTests
{
    private static readonly JsonObject Vars = TestCalls.Json("""
        {"args":{"order_id":"ord_7","amount":25,"paid":true,"customer":{"id":"cust_1","tags":["vip","eu"]}},"tool":"billing__refund"}
        """);

    [Theory]
    [InlineData("refund:{{args.order_id}}", "refund:ord_7")]
    [InlineData("{{ args.order_id }}/{{args.amount}}", "ord_7/25")]
    [InlineData("{{tool}}:{{args.customer.tags[1]}}", "billing__refund:eu")]
    [InlineData("paid={{args.paid}}", "paid=true")]
    [InlineData("no placeholders", "no placeholders")]
    public void Render_Placeholders_BecomeText(string template, string expected) => Assert.Equal(expected, ArgumentTemplate.Render(template, Vars));

    [Fact]
    public void Render_MissingValue_RendersEmpty() => Assert.Equal("k--x", ArgumentTemplate.Render("k-{{args.nope}}-x", Vars));

    [Fact]
    public void Render_ObjectValue_RendersItsJson() =>
        Assert.Equal("""c={"id":"cust_1","tags":["vip","eu"]}""", ArgumentTemplate.Render("c={{args.customer}}", Vars));

    [Fact]
    public void Render_UnclosedPlaceholder_KeptAsText() => Assert.Equal("a-{{args.order_id", ArgumentTemplate.Render("a-{{args.order_id", Vars));

    [Fact]
    public void RenderObject_LoneTemplate_KeepsItsJsonType()
    {
        var rendered = ArgumentTemplate.RenderObject(TestCalls.Json("""
            {"amount":"{{args.amount}}","paid":" {{args.paid}} ","customer":"{{args.customer}}","missing":"{{args.nope}}"}
            """), Vars);

        Assert.Equal(JsonValueKind.Number, rendered["amount"]!.GetValueKind());
        Assert.Equal(25, rendered["amount"]!.GetValue<int>());
        Assert.Equal(JsonValueKind.True, rendered["paid"]!.GetValueKind());
        Assert.Equal("cust_1", rendered["customer"]!["id"]!.GetValue<string>());
        Assert.Null(rendered["missing"]);
    }

    [Fact]
    public void RenderObject_TemplateWithText_BecomesString()
    {
        var rendered = ArgumentTemplate.RenderObject(TestCalls.Json("""{"note":"amount {{args.amount}}","pair":"{{args.order_id}}{{args.amount}}"}"""), Vars);

        Assert.Equal("amount 25", rendered["note"]!.GetValue<string>());
        Assert.Equal("ord_725", rendered["pair"]!.GetValue<string>());
    }

    [Fact]
    public void RenderObject_NestedObjectsAndArrays_RenderedAndOtherValuesKept()
    {
        var template = TestCalls.Json("""{"filter":{"ids":["{{args.order_id}}","fixed"],"limit":10,"active":null}}""");

        var rendered = ArgumentTemplate.RenderObject(template, Vars);

        Assert.Equal("""{"filter":{"ids":["ord_7","fixed"],"limit":10,"active":null}}""", rendered.ToJsonString());
        Assert.Equal("{{args.order_id}}", template["filter"]!["ids"]![0]!.GetValue<string>());
    }
}
