using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Policy.Tests.Stages.Journal;

public sealed class ArgumentRedactorTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("DB_PASSWORD")]
    [InlineData("passwd")]
    [InlineData("clientSecret")]
    [InlineData("refresh_token")]
    [InlineData("ApiKey")]
    [InlineData("x_api_key")]
    [InlineData("X-API-KEY")]
    [InlineData("Authorization")]
    [InlineData("credentials")]
    [InlineData("private_key")]
    [InlineData("privateKey")]
    [InlineData("Set-Cookie")]
    public void IsSecretKey_NamesThatHoldSecrets_AreSecret(string key) => Assert.True(ArgumentRedactor.IsSecretKey(key));

    [Theory]
    [InlineData("")]
    [InlineData("idempotency_key")]
    [InlineData("customer_id")]
    [InlineData("api")]
    [InlineData("tok")]
    [InlineData("pass")]
    [InlineData("keyboard")]
    public void IsSecretKey_OtherNames_AreNot(string key) => Assert.False(ArgumentRedactor.IsSecretKey(key));

    [Fact]
    public void RedactNode_SecretKeysAndValues_AreReplacedInACopy()
    {
        var secrets = new SecretValues();
        secrets.Add("tok-123456");
        var node = JsonNode.Parse("""
            {"token":"t","note":"uses tok-123456","items":[{"Password":"p","n":1},"tok-123456",null,true],"keep":{"id":"c_1"}}
            """)!;
        var before = node.ToJsonString();

        var redacted = new ArgumentRedactor(secrets).RedactNode(node)!.ToJsonString();

        Assert.Equal(
            """{"token":"[REDACTED]","note":"uses [REDACTED]","items":[{"Password":"[REDACTED]","n":1},"[REDACTED]",null,true],"keep":{"id":"c_1"}}""",
            redacted);
        Assert.Equal(before, node.ToJsonString());
    }

    [Fact]
    public void RedactNode_ViewWithTimestampsWhileSecretsAreKnown_KeepsThemAndRedactsText()
    {
        // Regression: with any ${env:}/${secret:} in the config, a view holding a DateTimeOffset threw (approvals 500).
        var secrets = new SecretValues();
        secrets.Add("tok-123456");
        var at = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var view = new JsonObject { ["created_at"] = at, ["reason"] = "uses tok-123456", ["amount"] = 5 };

        var redacted = new ArgumentRedactor(secrets).RedactNode(view)!;

        Assert.Equal(at, redacted["created_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("uses [REDACTED]", redacted["reason"]!.GetValue<string>());
        Assert.Equal(5, redacted["amount"]!.GetValue<int>());
    }

    [Fact]
    public void WriteRedacted_WritesTheRedactedTree()
    {
        var node = JsonNode.Parse("""{"idempotency_key":"k1","auth":{"authorization":"Bearer x"},"n":2.50}""");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            new ArgumentRedactor(new SecretValues()).WriteRedacted(writer, node);
        }

        Assert.Equal("""{"idempotency_key":"k1","auth":{"authorization":"[REDACTED]"},"n":2.50}""", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void RedactNode_Null_IsNull() => Assert.Null(new ArgumentRedactor(new SecretValues()).RedactNode(null));
}
