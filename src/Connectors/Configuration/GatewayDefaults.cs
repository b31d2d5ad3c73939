namespace McpGateway.Connectors.Configuration;

/// <summary>Default values for host settings, in one place.</summary>
public static class GatewayDefaults
{
    /// <summary>Default listen URL.</summary>
    public const string Listen = "http://127.0.0.1:8080";

    /// <summary>Default data directory.</summary>
    public const string DataDir = "./data";

    /// <summary>Default session cap.</summary>
    public const int MaxSessions = 10_000;

    /// <summary>Default idle session timeout.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Default request body limit (4 MiB).</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>Default per-call timeout when neither the tool nor the connector sets one.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);
}
