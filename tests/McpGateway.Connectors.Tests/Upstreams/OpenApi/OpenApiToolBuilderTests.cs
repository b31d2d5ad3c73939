using System.Text;
using McpGateway.Connectors.Upstreams.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace McpGateway.Connectors.Tests.Upstreams.OpenApi;

public sealed class OpenApiToolBuilderTests
{
    private const string Spec = """
        openapi: 3.1.0
        info: { title: t, version: "1" }
        paths:
          /items/{item id}:
            parameters:
              - { name: item id, in: path, required: true, schema: { type: string } }
            put:
              requestBody:
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/Node' }
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: { type: array, items: { type: string } }
          /items:
            post:
              operationId: "create item!"
              parameters:
                - { name: body, in: query, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object }
              responses: { "201": { description: created } }
        components:
          schemas:
            Node:
              type: object
              properties:
                next: { $ref: '#/components/schemas/Node' }
        """;

    private static IReadOnlyList<OpenApiEndpoint> Build(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(yaml));
        return OpenApiToolBuilder.Build(OpenApiDocument.Load(stream, "yaml", settings).Document!);
    }

    [Fact]
    public void Build_NoOperationId_NamesFromMethodAndPath_IdsSanitized()
    {
        var names = Build(Spec).Select(e => e.Tool.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["create_item", "put_items_item_id"], names);
    }

    [Fact]
    public void Build_RecursiveReference_BecomesDefsAndTheBodyArgumentDodgesAParameterNamedBody()
    {
        var endpoints = Build(Spec).ToDictionary(e => e.Tool.Name);

        var put = endpoints["put_items_item_id"];
        Assert.Equal("#/$defs/Node", put.Tool.InputSchema.GetProperty("properties").GetProperty("body").GetProperty("properties").GetProperty("next").GetProperty("$ref").GetString());
        Assert.True(put.Tool.InputSchema.GetProperty("$defs").TryGetProperty("Node", out _));
        Assert.True(put.WrapsOutput);
        Assert.True(put.Tool.Annotations!.IdempotentHint);
        Assert.False(put.Tool.Annotations!.ReadOnlyHint);
        var create = endpoints["create_item"];
        Assert.Equal("request_body", create.BodyArgument);
        Assert.Equal("request_body", create.Tool.InputSchema.GetProperty("required")[0].GetString());
        Assert.Null(create.Tool.OutputSchema);
    }

    [Fact]
    public void Build_ReferenceToAMissingSchema_SaysWhichOne()
    {
        var ex = Assert.Throws<OpenApiSpecException>(() => Build(Spec.Replace("components/schemas/Node' }\n      responses", "components/schemas/Gone' }\n      responses", StringComparison.Ordinal)));

        Assert.Contains("'#/components/schemas/Gone'", ex.Message, StringComparison.Ordinal);
    }
}
