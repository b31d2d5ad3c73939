using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>A flow's <c>external_id</c> through the real host: set at create and import, unique, filtered, and an import carrying it updates that flow.</summary>
public sealed class FlowExternalIdTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task Create_WithExternalId_ShownAndFiltered_ClashIs409()
    {
        var (created, flow) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows", new JsonObject { ["name"] = "ext-create", ["external_id"] = "acme/create" });
        var (clash, problem) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows", new JsonObject { ["name"] = "ext-create-2", ["external_id"] = "acme/create" });
        var (bad, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows", new JsonObject { ["name"] = "ext-create-3", ["external_id"] = 7 });
        var (_, filtered) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?external_id=" + Uri.EscapeDataString("acme/create"));
        var (_, one) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows/ext-create");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("acme/create", flow["external_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, clash);
        Assert.Contains("external_id", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["ext-create"], filtered["data"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("acme/create", one["external_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_SameExternalIdOtherName_UpdatesThatFlowWithANewVersion()
    {
        var first = await FlowApi.ImportAsync(Gateway, Document("ext-import", "acme/import", "one"));
        var second = await FlowApi.ImportAsync(Gateway, Document("ext-import-renamed", "acme/import", "two"));
        var (_, listed) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows?external_id=acme/import");
        var (_, export) = await Rest.SendAsync(Gateway, HttpMethod.Get, "/v1/flows/ext-import-renamed/export");

        Assert.True(first["created"]!.GetValue<bool>());
        Assert.False(second["created"]!.GetValue<bool>());
        Assert.Equal(first["flow"]!["id"]!.GetValue<string>(), second["flow"]!["id"]!.GetValue<string>());
        Assert.Equal("ext-import-renamed", second["flow"]!["name"]!.GetValue<string>());
        Assert.Equal(2, second["version"]!["number"]!.GetValue<int>());
        Assert.Equal(["ext-import-renamed"], listed["data"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("acme/import", export["external_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_NameOfAFlowWithAnotherExternalId_Is409_FlowWithoutOneAdoptsIt()
    {
        await FlowApi.ImportAsync(Gateway, Document("ext-held", "acme/held", "x"));
        await FlowApi.ImportAsync(Gateway, FlowRestTests.TransformFlow("ext-plain", "x"));

        var (clash, _) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/import", JsonNode.Parse(Document("ext-held", "acme/other", "y")));
        var (adopted, body) = await Rest.SendAsync(Gateway, HttpMethod.Post, "/v1/flows/import", JsonNode.Parse(Document("ext-plain", "acme/plain", "x")));

        Assert.Equal(HttpStatusCode.Conflict, clash);
        Assert.Equal(HttpStatusCode.OK, adopted);
        Assert.Equal("acme/plain", body["flow"]!["external_id"]!.GetValue<string>());
    }

    private static string Document(string name, string externalId, string value) => $$$"""
        { "name": "{{{name}}}", "external_id": "{{{externalId}}}", "status": "ENABLED", "publish": true,
          "steps": [ { "key": "make", "type": "transform", "value": { "v": "{{{value}}}", "n": 1 } } ], "output": "{{ steps.make.output }}" }
        """;
}
