using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Sessions;

namespace TestUpstream.Tools;

/// <summary><c>touch_resource</c> and <c>log</c>: make the server send notifications on demand.</summary>
internal sealed class NotificationTools(SessionRegistry sessions)
{
    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(TouchResourceAsync, new()
        {
            Name = "touch_resource",
            Description = "Sends notifications/resources/updated for the URI to every session subscribed to it.",
            Destructive = false,
            Idempotent = true,
        });
        yield return McpServerTool.Create(LogAsync, new()
        {
            Name = "log",
            Description = "Sends a notifications/message log entry at the given level (debug ... emergency).",
            Destructive = false,
        });
    }

    private async Task<string> TouchResourceAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The resource URI that changed.")] string uri,
        CancellationToken cancellationToken)
    {
        var notified = await sessions.NotifyResourceUpdatedAsync(uri, context.Server, cancellationToken);
        return $"notified {notified}";
    }

    private static async Task<CallToolResult> LogAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("debug, info, notice, warning, error, critical, alert or emergency.")] string level,
        [Description("The log message.")] string message,
        CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<LoggingLevel>(level, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return ToolResults.Error($"unknown log level '{level}'");
        }

        // Up to 2025-11-25 the session's logging/setLevel applies (no level set: send everything); from
        // 2026-07-28 a request carries its own level in _meta, and without one the server must stay silent.
        var requestContext = context.JsonRpcRequest.Context;
        var perRequest = requestContext?.ProtocolVersion is not null;
        var minimum = perRequest ? requestContext!.LogLevel : context.Server.LoggingLevel;
        if (perRequest && minimum is null)
        {
            return ToolResults.Text($"suppressed {level} (the request carries no log level)");
        }

        if (parsed < minimum)
        {
            return ToolResults.Text($"suppressed {level} (minimum level is {minimum})");
        }

        await context.Server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = parsed,
                Logger = "test-upstream",
                Data = JsonSerializer.SerializeToElement(message),
            },
            cancellationToken: cancellationToken);
        return ToolResults.Text($"logged {level}");
    }
}
