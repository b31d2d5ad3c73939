namespace McpGateway.Hosting;

/// <summary>Default log levels: the gateway's own events at Information, the SDK's and ASP.NET Core's chatter only from Warning.</summary>
internal static class LogDefaults
{
    public static void Apply(ILoggingBuilder logging)
    {
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);

        // Our supervisor logs a failed start with its reason; the transport would add a stack trace each retry.
        logging.AddFilter("ModelContextProtocol.Client.StdioClientTransport", LogLevel.Error);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Information);
    }
}
