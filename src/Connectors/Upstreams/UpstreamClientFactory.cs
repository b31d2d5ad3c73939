using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Upstreams.InProcess;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpGateway.Connectors.Upstreams;

/// <summary>Creates the SDK transport for a connector, resolving <c>${env:…}</c> and <c>${secret:…}</c> references at connect time.</summary>
internal static class UpstreamClientFactory
{
    /// <summary>
    /// Reads every <c>${secret:…}</c> the connector's values name (command, args, env, cwd, url, headers, spec, base_url, auth, connection_string), failing with
    /// the first unknown reference: the connector then fails to start with that reason and the others are unaffected.
    /// </summary>
    public static async ValueTask<IReadOnlyDictionary<string, string>?> ResolveSecretsAsync(ConnectorConfig config, ISecretResolver? resolver, CancellationToken ct)
    {
        var references = config.ReferenceValues().SelectMany(ReferenceResolver.FindSecretReferences).Distinct(StringComparer.Ordinal).ToList();
        if (references.Count == 0)
        {
            return null;
        }

        if (resolver is null)
        {
            throw new InvalidOperationException($"'${{secret:{references[0]}}}' needs the connections store, which this host does not have");
        }

        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var (name, field) = ReferenceResolver.SplitSecret(reference);
            resolved[reference] = await resolver.ResolveAsync(name, field, ct);
        }

        return resolved;
    }

    public static IClientTransport CreateTransport(
        ConnectorConfig config, string baseDirectory, SecretValues secrets, IReadOnlyDictionary<string, string>? secretValues, Action<string> stderr, ILoggerFactory loggerFactory)
    {
        string Resolve(string value) => UpstreamClientFactory.Resolve(value, secrets, secretValues);

        if (config.Kind is ConnectorKind.OpenApi or ConnectorKind.Sql)
        {
            return new InProcessTransport(config, ct => InProcessUpstreams.CreateAsync(config, baseDirectory, Resolve, secrets, ct), loggerFactory);
        }

        if (config.Kind == ConnectorKind.McpStdio)
        {
            var env = ChildEnvironment.For(config.Env.Select(kv => KeyValuePair.Create(kv.Key, Resolve(kv.Value))));
            var cwd = config.Cwd is null ? baseDirectory : Path.GetFullPath(Path.Combine(baseDirectory, Resolve(config.Cwd)));
            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = config.Name,
                    Command = Resolve(config.Command!),
                    Arguments = config.Args.Select(a => Resolve(a)).ToList(),
                    WorkingDirectory = cwd,
                    EnvironmentVariables = env,
                    StandardErrorLines = stderr,
                    ShutdownTimeout = TimeSpan.FromSeconds(2),
                },
                loggerFactory);
        }

        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = config.Name,
                Endpoint = new Uri(Resolve(config.Url!)),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = config.Headers.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value), StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = TimeSpan.FromSeconds(10),
            },
            new HttpClient(new EventStreamErrorHandler()),
            loggerFactory,
            ownsHttpClient: true);
    }

    private static string Resolve(string value, SecretValues secrets, IReadOnlyDictionary<string, string>? secretValues)
    {
        var resolved = new List<string>();
        var result = ReferenceResolver.Resolve(value, resolved, secretValues);
        foreach (var s in resolved)
        {
            secrets.Add(s);
        }

        return result;
    }
}
