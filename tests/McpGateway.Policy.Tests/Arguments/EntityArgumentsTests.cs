using McpGateway.Policy.Arguments;

namespace McpGateway.Policy.Tests.Arguments;

public sealed class EntityArgumentsTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Args = TestCalls.Json("""
        {
          "customer_id": "cust_1",
          "amount": 5,
          "count_id": 7,
          "flag_id": true,
          "none_id": null,
          "invoice": { "invoice_id": "inv_2", "customer_id": "cust_1" },
          "lines": [ { "product_id": "prod_3" }, { "note": "x" } ],
          "target": { "id": "cust_9" }
        }
        """);

    [Fact]
    public void Find_NoDeclaredParams_EveryStringOrNumberIdAtAnyDepth()
    {
        var found = EntityArguments.Find(Args, null, null);

        Assert.Equal(
            [("customer_id", "cust_1"), ("count_id", "7"), ("invoice.invoice_id", "inv_2"), ("invoice.customer_id", "cust_1"), ("lines[0].product_id", "prod_3")],
            found);
    }

    [Fact]
    public void Find_EntityType_OnlyArgumentsNamedAfterIt()
    {
        var found = EntityArguments.Find(Args, null, "customer");

        Assert.Equal([("customer_id", "cust_1"), ("invoice.customer_id", "cust_1")], found);
    }

    [Fact]
    public void Find_DeclaredParams_OnlyThosePresentAsStringsOrNumbers()
    {
        var found = EntityArguments.Find(Args, ["target.id", "missing.id", "amount", "invoice", "flag_id"], "customer");

        Assert.Equal([("target.id", "cust_9"), ("amount", "5")], found);
    }

    [Fact]
    public void Find_EmptyDeclaredList_FallsBackToIdArguments()
    {
        var found = EntityArguments.Find(Args, [], "invoice");

        Assert.Equal([("invoice.invoice_id", "inv_2")], found);
    }

    [Theory]
    [InlineData("customer_id", "\"cust_1\"")]
    [InlineData("invoice.invoice_id", "\"inv_2\"")]
    [InlineData("lines[0].product_id", "\"prod_3\"")]
    [InlineData("lines[1]", """{"note":"x"}""")]
    [InlineData("amount", "5")]
    public void At_ExistingPath_ReturnsNode(string path, string json) => Assert.Equal(json, EntityArguments.At(Args, path)!.ToJsonString());

    [Theory]
    [InlineData("nope")]
    [InlineData("invoice.nope")]
    [InlineData("lines[5].product_id")]
    [InlineData("amount.deeper")]
    [InlineData("invoice[0]")]
    public void At_MissingPath_Null(string path) => Assert.Null(EntityArguments.At(Args, path));
}
