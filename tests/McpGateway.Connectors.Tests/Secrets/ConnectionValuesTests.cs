using System.Text.Json.Nodes;
using McpGateway.Connectors.Connections;
namespace McpGateway.Connectors.Tests.Secrets;

public sealed class ConnectionValuesTests
{
    [Theory]
    [InlineData("SECRET_TEXT", """{"secret":"s"}""")]
    [InlineData("BASIC_AUTH", """{"username":"u","password":"p"}""")]
    [InlineData("CUSTOM_AUTH", """{"api_key":"k","region":"eu"}""")]
    [InlineData("OAUTH2", """{"access_token":"a","refresh_token":"r","expires_at":1767225600}""")]
    [InlineData("OAUTH2", """{"access_token":"a","expires_at":"2026-01-01T00:00:00Z"}""")]
    public void Validate_GoodValue_ReturnsItsFields(string type, string json)
    {
        var (fields, error) = ConnectionValues.Validate(type, JsonNode.Parse(json));

        Assert.Null(error);
        Assert.Equal(JsonNode.Parse(json)!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), fields!.Keys);
    }

    [Theory]
    [InlineData("SECRET", """{"secret":"s"}""", "'type' must be one of")]
    [InlineData("SECRET_TEXT", """{"secret":""}""", "non-empty 'value.secret'")]
    [InlineData("SECRET_TEXT", """{"secret":"hunter22","extra":"x"}""", "'value.extra' is not a SECRET_TEXT field")]
    [InlineData("BASIC_AUTH", """{"username":"u"}""", "'value.password'")]
    [InlineData("BASIC_AUTH", """{"username":"u","password":42}""", "'value.password' must be a string")]
    [InlineData("OAUTH2", """{"access_token":"a","expires_at":"soon"}""", "'value.expires_at'")]
    [InlineData("CUSTOM_AUTH", """{}""", "at least one field")]
    [InlineData("CUSTOM_AUTH", """["x"]""", "'value' must be a JSON object")]
    public void Validate_BadValue_NamesTheProblemWithoutTheValue(string type, string json, string expected)
    {
        var (fields, error) = ConnectionValues.Validate(type, JsonNode.Parse(json));

        Assert.Null(fields);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crm", true)]
    [InlineData("crm-prod_2", true)]
    [InlineData("CRM", false)]
    [InlineData("-crm", false)]
    [InlineData("crm.token", false)]
    [InlineData("", false)]
    public void NameError_Slugs_AreAcceptedOthersRefused(string name, bool ok)
    {
        Assert.Equal(ok, ConnectionValues.NameError(name) is null);
    }
}
