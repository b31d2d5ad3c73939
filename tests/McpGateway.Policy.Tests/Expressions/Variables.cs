using System.Text.Json.Nodes;

namespace McpGateway.Policy.Tests.Expressions;

/// <summary>The variables most expression tests evaluate against.</summary>
internal static class Variables
{
    public const string Json = """
        {
          "tool": "git__push",
          "args": {
            "branch": "main",
            "count": 3,
            "price": 1.5,
            "flag": true,
            "empty": "",
            "nothing": null,
            "path": "/home/user/file.txt",
            "pattern": "^git__",
            "badPattern": "(",
            "tags": ["a", "b"],
            "items": [{ "sku": "X1" }, { "sku": "X2" }],
            "customer": { "id": "c-1", "plan": "pro" }
          },
          "state": { "balance": 10 }
        }
        """;

    public static JsonObject Create() => JsonNode.Parse(Json)!.AsObject();
}
