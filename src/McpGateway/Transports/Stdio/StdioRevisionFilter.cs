using McpGateway.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Transports.Stdio;

/// <summary>
/// The per-request checks of 2026-07-28 on stdio, where there are no HTTP headers to check: once a client speaks that
/// revision (its <c>_meta</c> names it, or <c>server/discover</c> established it), every request must carry its
/// <c>_meta</c> (the revision and the client's capabilities) and name a method of the revision; the same checks and
/// codes as the HTTP path (<see cref="PerRequestMeta"/>). The SDK has already refused unknown revisions (-32022) and
/// the removed methods (-32601) by then; this adds what it lets through (a request without <c>_meta</c> once 2026-07-28
/// was negotiated).
/// </summary>
internal static class StdioRevisionFilter
{
    /// <summary>A filter for one stdio server (it remembers which revision its one client speaks).</summary>
    public static McpMessageFilter Create()
    {
        // Set by the first request that names the revision in its _meta; an initialize (2025-11-25 and older) clears it.
        var perRequest = false;
        return next => (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                Volatile.Write(ref perRequest, false);
            }
            else if (context.JsonRpcMessage is JsonRpcRequest request)
            {
                if (PerRequestMeta.VersionIn(request.Params) == PerRequestMeta.Revision)
                {
                    Volatile.Write(ref perRequest, true);
                }

                if (Volatile.Read(ref perRequest))
                {
                    Check(request);
                }
            }

            return next(context, cancellationToken);
        };
    }

    private static void Check(JsonRpcRequest request)
    {
        if (!PerRequestMeta.Methods.Contains(request.Method, StringComparer.Ordinal))
        {
            throw new McpProtocolException($"Method '{request.Method}' is not available on protocol version '{PerRequestMeta.Revision}'.", McpErrorCode.MethodNotFound);
        }

        if (PerRequestMeta.Check(request.Params, PerRequestMeta.Revision) is { } problem)
        {
            throw new McpProtocolException(problem.Message, (McpErrorCode)problem.Code);
        }
    }
}
