using System.Net.Http.Headers;
using System.Text;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>An <c>openapi</c> connector's authentication with its references resolved: what each request carries.</summary>
internal sealed class ResolvedAuth
{
    private AuthenticationHeaderValue? _authorization;
    private (string Name, string Value)? _header;

    /// <summary>An API key sent as a query parameter, or null.</summary>
    public (string Name, string Value)? Query { get; private init; }

    public static ResolvedAuth? From(OpenApiAuthConfig? config, Func<string, string> resolve)
    {
        if (config is null)
        {
            return null;
        }

        return config.Type switch
        {
            "bearer" => new ResolvedAuth { _authorization = new AuthenticationHeaderValue("Bearer", resolve(config.Token!)) },
            "basic" => new ResolvedAuth
            {
                _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(resolve(config.Username!) + ":" + resolve(config.Password!)))),
            },
            _ when config.In == "query" => new ResolvedAuth { Query = (config.Name!, resolve(config.Value!)) },
            _ => new ResolvedAuth { _header = (config.Name!, resolve(config.Value!)) },
        };
    }

    /// <summary>The values a trace must never show beyond the resolved references themselves (the basic header's encoding).</summary>
    public string? EncodedSecret => _authorization?.Scheme == "Basic" ? _authorization.Parameter : null;

    public void Apply(HttpRequestMessage request)
    {
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }
        else if (_header is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
    }
}
