using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams.OpenApi;
using McpGateway.Connectors.Upstreams.Sql;

namespace McpGateway.Connectors.Upstreams.InProcess;

/// <summary>Creates the backend of a connector the gateway serves itself, with its references resolved now (connect time).</summary>
internal static class InProcessUpstreams
{
    public static async Task<IInProcessUpstream> CreateAsync(
        ConnectorConfig config, string baseDirectory, Func<string, string> resolve, SecretValues secrets, CancellationToken ct)
    {
        if (config.Kind == ConnectorKind.Sql)
        {
            return new SqlUpstream(config, resolve(config.ConnectionString!), baseDirectory);
        }

        var document = await OpenApiSpecLoader.LoadAsync(resolve(config.Spec!), baseDirectory, ct);
        var endpoints = OpenApiToolBuilder.Build(document);
        if (endpoints.Count == 0)
        {
            throw new OpenApiSpecException("the spec describes no operations");
        }

        return new OpenApiUpstream(endpoints, new Uri(resolve(config.BaseUrl!)), ResolvedAuth.From(config.Auth, resolve), secrets);
    }
}
