using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;
using McpGateway.Policy.Expressions;

namespace McpGateway.Flows.Tests.Definition;

public sealed class FlowTemplateTests
{
    private static readonly JsonObject Variables = FlowHarness.Json("""
        { "inputs": { "n": 5, "name": "ada", "tags": ["a","b"], "obj": { "k": true } },
          "steps": { "s": { "output": { "amount": 120.5 }, "status": "SUCCEEDED", "error": null } },
          "loop": { "item": "x", "index": 2 },
          "run": { "id": "run_1", "flow": "f", "version": 3 } }
        """);

    private static JsonNode? Render(string json)
    {
        var errors = new List<string>();
        var template = FlowTemplate.Compile(JsonNode.Parse(json), "t", errors, new List<(string, ConditionExpression)>());
        Assert.Empty(errors);
        return template.Render(Variables);
    }

    [Theory]
    [InlineData("\"{{ inputs.n }}\"", "5")]
    [InlineData("\"{{inputs.obj}}\"", "{\"k\":true}")]
    [InlineData("\"{{ inputs.tags }}\"", "[\"a\",\"b\"]")]
    [InlineData("\"{{ steps.s.output.amount }}\"", "120.5")]
    [InlineData("\"{{ steps.s.output.amount > 100 }}\"", "true")]
    [InlineData("\"{{ run.version }}\"", "3")]
    [InlineData("\"{{ loop.index }}\"", "2")]
    public void Render_LoneTemplate_KeepsJsonType(string template, string expected)
    {
        Assert.Equal(expected, Render(template)!.ToJsonString());
    }

    [Fact]
    public void Render_TextWithTemplates_Interpolates()
    {
        Assert.Equal("hi ada, 5 of [\"a\",\"b\"] (run_1)", Render("\"hi {{ inputs.name }}, {{ inputs.n }} of {{ inputs.tags }} ({{ run.id }})\"")!.GetValue<string>());
    }

    [Fact]
    public void Render_MissingValue_NullOrEmptyText()
    {
        Assert.Null(Render("\"{{ inputs.nope }}\""));
        Assert.Equal("x=", Render("\"x={{ inputs.nope.deeper }}\"")!.GetValue<string>());
    }

    [Fact]
    public void Render_ObjectsAndArrays_RenderedDeep()
    {
        var rendered = Render("""{ "a": ["{{ loop.item }}", 1, null], "b": { "c": "{{ inputs.n }}" }, "d": "plain" }""");

        Assert.Equal("""{"a":["x",1,null],"b":{"c":5},"d":"plain"}""", rendered!.ToJsonString());
    }

    [Fact]
    public void Compile_UnknownRoot_ErrorWithPath()
    {
        var errors = new List<string>();

        FlowTemplate.Compile(JsonValue.Create("{{ secrets.x }}"), "steps[0] (a).args.k", errors, []);

        Assert.StartsWith("steps[0] (a).args.k: template '{{ secrets.x }}' at ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
