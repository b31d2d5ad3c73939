using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.Stdio;

/// <summary>
/// Lets <c>mcpgw stdio</c> answer before the gateway has started: <c>initialize</c>, <c>ping</c> and
/// <c>server/discover</c> need nothing the start opens, so they are answered at once; any other request waits until the
/// host has started (stores open, connectors starting, flows loaded), as it would have before the process answered
/// anything. A desktop client starts the process when it opens and waits on <c>initialize</c>.
/// </summary>
internal static class StdioStartGate
{
    public static McpMessageFilter Create(Task started) => next => async (context, cancellationToken) =>
    {
        if (!started.IsCompleted && context.JsonRpcMessage is JsonRpcRequest request && !AnsweredBeforeStart(request.Method))
        {
            await started.WaitAsync(cancellationToken);
        }

        await next(context, cancellationToken);
    };

    private static bool AnsweredBeforeStart(string method) =>
        method is RequestMethods.Initialize or RequestMethods.Ping or RequestMethods.ServerDiscover;
}
