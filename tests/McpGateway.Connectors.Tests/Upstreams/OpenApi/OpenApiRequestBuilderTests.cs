using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams.OpenApi;
using Microsoft.OpenApi;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Tests.Upstreams.OpenApi;

public sealed class OpenApiRequestBuilderTests
{
    private static readonly OpenApiEndpoint Endpoint = new(
        new Tool { Name = "t", InputSchema = JsonSerializer.SerializeToElement(new { type = "object" }) },
        HttpMethod.Post,
        "/orgs/{org}/items",
        [
            new OpenApiArgument("org", "org", ParameterLocation.Path),
            new OpenApiArgument("tags", "tag", ParameterLocation.Query),
            new OpenApiArgument("X-Trace", "X-Trace", ParameterLocation.Header),
            new OpenApiArgument("session", "session", ParameterLocation.Cookie),
        ],
        "body",
        "application/json",
        WrapsOutput: false);

    private static Dictionary<string, JsonElement> Args(object value) =>
        JsonSerializer.SerializeToElement(value).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    [Fact]
    public async Task Build_Arguments_GoToPathQueryHeaderCookieAndBody()
    {
        var builder = new OpenApiRequestBuilder(new Uri("https://api.example.com/v2/"), null);

        using var request = builder.Build(Endpoint, Args(new Dictionary<string, object>
        {
            ["org"] = "a/b c", ["tags"] = new[] { "x", "y&z" }, ["X-Trace"] = "t-1", ["session"] = "s1", ["body"] = new { n = 1 },
        }));

        Assert.Equal("https://api.example.com/v2/orgs/a%2Fb%20c/items?tag=x&tag=y%26z", request.RequestUri!.AbsoluteUri);
        Assert.Equal("session=s1", string.Join(";", request.Headers.GetValues("Cookie")));
        Assert.Equal("t-1", Assert.Single(request.Headers.GetValues("X-Trace")));
        Assert.Equal("""{"n":1}""", await request.Content!.ReadAsStringAsync());
        Assert.Equal("application/json", request.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Build_Auth_BasicHeaderOrApiKeyInQueryOrHeader()
    {
        static string Resolve(string v) => v.Replace("${secret:k}", "s3cret", StringComparison.Ordinal);
        var args = Args(new { org = "o" });

        using var basic = new OpenApiRequestBuilder(new Uri("http://h/"), ResolvedAuth.From(new OpenApiAuthConfig { Type = "basic", Username = "u", Password = "${secret:k}" }, Resolve))
            .Build(Endpoint, args);
        using var query = new OpenApiRequestBuilder(new Uri("http://h/"), ResolvedAuth.From(new OpenApiAuthConfig { Type = "api_key", In = "query", Name = "key", Value = "${secret:k}" }, Resolve))
            .Build(Endpoint, args);
        using var header = new OpenApiRequestBuilder(new Uri("http://h/"), ResolvedAuth.From(new OpenApiAuthConfig { Type = "api_key", Name = "X-Key", Value = "${secret:k}" }, Resolve))
            .Build(Endpoint, args);

        Assert.Equal(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:s3cret"))), basic.Headers.Authorization);
        Assert.Equal("http://h/orgs/o/items?key=s3cret", query.RequestUri!.AbsoluteUri);
        Assert.Null(query.Headers.Authorization);
        Assert.Equal("s3cret", Assert.Single(header.Headers.GetValues("X-Key")));
    }

    [Fact]
    public void Build_MissingPathArgument_IsRefusedNotSentWithABrace()
    {
        var builder = new OpenApiRequestBuilder(new Uri("http://h/"), null);

        var ex = Assert.Throws<ModelContextProtocol.McpProtocolException>(() => builder.Build(Endpoint, Args(new { tags = "x" })));

        Assert.Contains("'org'", ex.Message, StringComparison.Ordinal);
    }
}
