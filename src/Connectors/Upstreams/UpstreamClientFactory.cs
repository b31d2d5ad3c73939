using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpGateway.Connectors.Upstreams;

/// <summary>Creates the SDK transport for a connector, resolving <c>${env:…}</c> references at connect time.</summary>
internal static class UpstreamClientFactory
{
    public static IClientTransport CreateTransport(ConnectorConfig config, string baseDirectory, SecretValues secrets, Action<string> stderr, ILoggerFactory loggerFactory)
    {
        if (config.Kind == ConnectorKind.McpStdio)
        {
            var env = config.Env.ToDictionary(kv => kv.Key, kv => (string?)Resolve(kv.Value, secrets), StringComparer.Ordinal);
            var cwd = config.Cwd is null ? baseDirectory : Path.GetFullPath(Path.Combine(baseDirectory, Resolve(config.Cwd, secrets)));
            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = config.Name,
                    Command = Resolve(config.Command!, secrets),
                    Arguments = config.Args.Select(a => Resolve(a, secrets)).ToList(),
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
                Endpoint = new Uri(Resolve(config.Url!, secrets)),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = config.Headers.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, secrets), StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = TimeSpan.FromSeconds(10),
            },
            loggerFactory);
    }

    private static string Resolve(string value, SecretValues secrets)
    {
        var resolved = new List<string>();
        var result = ReferenceResolver.Resolve(value, resolved);
        foreach (var s in resolved)
        {
            secrets.Add(s);
        }

        return result;
    }
}
