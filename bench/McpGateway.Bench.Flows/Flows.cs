using System.Text.Json.Nodes;

namespace McpGateway.Bench.Flows;

/// <summary>The benchmark's flow definitions.</summary>
internal static class Flows
{
    /// <summary>n transform steps in a chain, each reading the previous one's output.</summary>
    public static JsonObject Transforms(int n)
    {
        var steps = new JsonArray();
        for (var i = 1; i <= n; i++)
        {
            steps.Add(new JsonObject
            {
                ["key"] = $"s{i}",
                ["type"] = "transform",
                ["value"] = new JsonObject { ["n"] = i == 1 ? "{{ inputs.n }}" : $"{{{{ steps.s{i - 1}.output.n }}}}", ["step"] = i, ["label"] = $"step {i} of {{{{ run.flow }}}}" },
            });
        }

        return new JsonObject { ["steps"] = steps, ["output"] = $"{{{{ steps.s{n}.output }}}}" };
    }

    /// <summary>echo, transform, echo against the demo upstream.</summary>
    public static JsonObject Echo3() => (JsonObject)JsonNode.Parse("""
        { "steps": [
            { "key": "one", "type": "tool", "tool": "demo__echo", "args": { "text": "run {{ inputs.i }}" } },
            { "key": "two", "type": "transform", "value": { "said": "{{ steps.one.output }}" } },
            { "key": "three", "type": "tool", "tool": "demo__echo", "args": { "text": "{{ steps.two.output.said }} again" } } ],
          "output": { "said": "{{ steps.three.output }}" } }
        """)!;
}
