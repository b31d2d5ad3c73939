using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests;

/// <summary>Builders for the cards, keys, arguments and contexts stage tests call with.</summary>
internal static class TestCalls
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A card named <c>{connector}__{tool}</c> with the given input schema (default: any object).</summary>
    public static CapabilityCard Card(string name = "billing__refund", string schemaJson = """{"type":"object"}""")
    {
        var sep = name.IndexOf("__", StringComparison.Ordinal);
        return new CapabilityCard
        {
            Name = name,
            Connector = name[..sep],
            Upstream = new Tool { Name = name[(sep + 2)..], InputSchema = JsonDocument.Parse(schemaJson).RootElement.Clone() },
            DefinitionHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + schemaJson))),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public static Dictionary<string, JsonElement> Args(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A key with the given scopes (default: tools:call) and no other restriction.</summary>
    public static ApiKey Key(params string[] scopes) => new()
    {
        Id = "key_1",
        Name = "ci",
        Agent = "bot",
        Prefix = "mcpgw_AbCd",
        CreatedAt = Start,
        Scopes = scopes.Length == 0 ? [Scopes.ToolsCall] : scopes,
    };

    public static CallerIdentity Caller(ApiKey? key = null) => CallerIdentity.For("mcp", null, key, "bot");

    /// <summary>A context that already went through journal and resolve (execution id and card set).</summary>
    public static ToolCallContext Context(
        CapabilityCard card,
        string argsJson = "{}",
        CallerIdentity? caller = null,
        EntityClaim? entity = null,
        string? idempotencyKey = null,
        CallOptions? options = null,
        ApprovalThaw? thaw = null) =>
        new(card.Name, Args(argsJson), caller ?? Caller(), CancellationToken.None)
        {
            Card = card,
            ExecutionId = "exe_1",
            Entity = entity,
            IdempotencyKey = idempotencyKey,
            Options = options,
            Thaw = thaw,
        };

    public static ToolCallOutcome Ok(string text = "ok") => ToolCallOutcome.Completed(new CallToolResult { Content = [new TextContentBlock { Text = text }] });

    public static string Text(ToolCallOutcome outcome) => Assert.IsType<TextContentBlock>(Assert.Single(outcome.Result!.Content)).Text;

    public static IReadOnlyList<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
