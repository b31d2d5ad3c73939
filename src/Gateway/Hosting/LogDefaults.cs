using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging.Console;

namespace McpGateway.Hosting;

/// <summary>
/// Default log levels (the gateway's own events at Information, the SDK's and ASP.NET Core's chatter only from Warning)
/// and the console's format: <c>gateway.log_format</c>, else <c>MCPGW_LOG_FORMAT</c>, else the standard
/// <c>Logging:Console:FormatterName</c>, else the host's plain text.
/// </summary>
internal static class LogDefaults
{
    /// <summary>The environment variable that chooses the log format when <c>gateway.log_format</c> does not.</summary>
    public const string FormatVariable = "MCPGW_LOG_FORMAT";

    public static void Apply(IHostApplicationBuilder builder, ServerConfig server)
    {
        var logging = builder.Logging;
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);

        // Our supervisor logs a failed start with its reason; the transport would add a stack trace each retry.
        logging.AddFilter("ModelContextProtocol.Client.StdioClientTransport", LogLevel.Error);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Information);

        // The slim web builder pins the simple formatter after binding Logging:Console, so the formatter is chosen here,
        // after it, for every host alike.
        if (FormatterName(server, builder.Configuration) is not { } formatter)
        {
            return;
        }

        logging.AddConsole();
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    /// <summary>One line naming a bad <c>MCPGW_LOG_FORMAT</c>, or null when it is unset or valid.</summary>
    public static string? Problem() =>
        Environment.GetEnvironmentVariable(FormatVariable) is { Length: > 0 } value && value is not ("text" or "json")
            ? $"{FormatVariable} must be 'text' or 'json', got '{value}'."
            : null;

    private static string? FormatterName(ServerConfig server, IConfiguration configuration) =>
        (server.LogFormat ?? Environment.GetEnvironmentVariable(FormatVariable)) switch
        {
            "text" => ConsoleFormatterNames.Simple,
            "json" => ConsoleFormatterNames.Json,
            _ => configuration["Logging:Console:FormatterName"] is { Length: > 0 } standard ? standard : null,
        };
}
