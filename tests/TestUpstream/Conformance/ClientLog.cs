using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// Sends a <c>notifications/message</c> during a call when the caller asked for that level: up to 2025-11-25 the
/// session's <c>logging/setLevel</c> (none set: everything), from 2026-07-28 the request's own
/// <c>_meta</c> log level (none: nothing, as SEP-2575 requires).
/// </summary>
internal static class ClientLog
{
    private const string StatelessRevision = "2026-07-28";

    public static async Task<bool> TrySendAsync(
        RequestContext<CallToolRequestParams> context, LoggingLevel level, string message, CancellationToken cancellationToken)
    {
        var requestContext = context.JsonRpcRequest.Context;
        // The SDK fills ProtocolVersion on 2025 session requests too (from the header), so compare the revision.
        var perRequest = string.CompareOrdinal(requestContext?.ProtocolVersion, StatelessRevision) >= 0;
        var minimum = perRequest ? requestContext!.LogLevel : context.Server.LoggingLevel;
        if ((perRequest && minimum is null) || level < minimum)
        {
            return false;
        }

        await context.Server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = level, Logger = "test-upstream-conformance", Data = JsonSerializer.SerializeToElement(message),
            },
            cancellationToken: cancellationToken);
        return true;
    }
}
