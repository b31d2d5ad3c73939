using System.Text.Json.Nodes;
using System.Text;
using McpGateway.Mcp.Tasks;
using McpGateway.Mcp;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Requests of the stateless revision (2026-07-28) on the Streamable HTTP endpoints: no handshake and no session. Each
/// request is checked (its headers against its body, its <c>_meta</c>) and answered by a server of its own, so any
/// replica can answer any request.
/// </summary>
internal static class StatelessRequests
{
    public const string VersionHeader = "MCP-Protocol-Version";
    private const string MethodHeader = "Mcp-Method";
    private const string NameHeader = "Mcp-Name";

    /// <summary>
    /// True when a POST takes the stateless path: its <c>MCP-Protocol-Version</c> header names a revision without sessions
    /// (or one the gateway does not know, which is then refused naming the ones it does), or it has no header but its
    /// <c>_meta</c> names such a revision (refused: the header is required).
    /// </summary>
    public static bool Applies(string header, JsonRpcMessage message) =>
        header.Length > 0 ? NamesStatelessRevision(header) : message is JsonRpcRequest r && NamesStatelessRevision(PerRequestMeta.VersionIn(r.Params));

    /// <summary>True for a revision named but not one with sessions (2026-07-28, or one the gateway does not know).</summary>
    public static bool NamesStatelessRevision(string? version) =>
        !string.IsNullOrEmpty(version) && !PerRequestMeta.SessionRevisions.Contains(version, StringComparer.Ordinal);

    /// <summary>Checks the request and answers it with the endpoint's stateless server for the caller's key.</summary>
    public static async Task HandleAsync(HttpContext context, JsonRpcMessage message, string header, string? connector, ApiKey? key, StatelessServers servers)
    {
        if (message is not JsonRpcRequest request)
        {
            // The stateless revision defines no client notifications over HTTP (cancelling is closing the stream).
            context.Response.StatusCode = message is JsonRpcNotification ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest;
            return;
        }

        if (Check(context.Request, request, header) is { } problem)
        {
            await JsonRpcErrors.WriteAsync(context, problem.Status, problem.Code, problem.Message, request.Id, problem.Data);
            return;
        }

        var kept = servers.For(connector, key);
        var own = kept is null ? servers.ForOneRequest(connector, key) : default;
        var transport = kept ?? own.Transport;
        try
        {
            StreamableHttpEndpoints.PrepareEventStream(context);
            message.Context = RequestAbortFilter.ContextFor(context.RequestAborted);
            var body = new HeldHeadersStream(context.Response.Body);
            message.Context.Items![ProtocolErrorFilter.Item] = (Action<int>)(code => SetStatus(context, body, code));
            await transport.HandlePostRequestAsync(message, body, first => StatusFor(context, body, first), context.RequestAborted);
            await body.CompleteAsync(context.Response, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream: in this revision that is how a request is cancelled.
        }
        finally
        {
            if (own.Server is not null)
            {
                await own.Server.DisposeAsync();
            }
        }
    }

    /// <summary>What is wrong with a stateless request before it runs, as the specification names it; null when nothing is.</summary>
    internal static (int Status, int Code, string Message, object? Data)? Check(HttpRequest http, JsonRpcRequest request, string header)
    {
        if (header.Length == 0)
        {
            return (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch,
                $"The MCP-Protocol-Version header is required when the request body declares {PerRequestMeta.VersionIn(request.Params)}.", null);
        }

        if (header != PerRequestMeta.Revision)
        {
            var supported = new JsonObject { ["supported"] = new JsonArray(PerRequestMeta.Revision), ["requested"] = header };
            return (StatusCodes.Status400BadRequest, McpErrorCodes.UnsupportedProtocolVersion, "Unsupported protocol version", supported);
        }

        if (!PerRequestMeta.Methods.Contains(request.Method, StringComparer.Ordinal))
        {
            return (StatusCodes.Status404NotFound, McpErrorCodes.MethodNotFound, PerRequestMeta.RemovedMethods.Contains(request.Method, StringComparer.Ordinal)
                ? $"Method '{request.Method}' is not available on protocol version '{PerRequestMeta.Revision}'."
                : $"Method '{request.Method}' is not available.", null);
        }

        var method = http.Headers[MethodHeader].ToString();
        if (method.Length == 0)
        {
            return (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch, "Missing required Mcp-Method header.", null);
        }

        if (!string.Equals(Decode(method), request.Method, StringComparison.Ordinal))
        {
            return (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch, $"Header mismatch: Mcp-Method is '{method}' but the body's method is '{request.Method}'.", null);
        }

        if (NameIn(request) is { } name)
        {
            var named = http.Headers[NameHeader].ToString();
            if (named.Length == 0)
            {
                return (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch, $"Missing required Mcp-Name header for {request.Method}.", null);
            }

            if (!string.Equals(Decode(named), name, StringComparison.Ordinal))
            {
                return (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch, $"Header mismatch: Mcp-Name does not match the body's {NameField(request.Method)}.", null);
            }
        }

        if (PerRequestMeta.Check(request.Params, header) is { } meta)
        {
            return (StatusCodes.Status400BadRequest, meta.Code, meta.Message, null);
        }

        // Refused here rather than by the handler, so the answer carries the 400 the specification gives -32021.
        return TasksExtension.Methods.Contains(request.Method, StringComparer.Ordinal) && !TasksExtension.IsDeclared(request)
            ? (StatusCodes.Status400BadRequest, McpErrorCodes.MissingRequiredClientCapability, TasksExtension.NotDeclaredMessage(request.Method), TasksExtension.RequiredCapabilities())
            : null;
    }

    /// <summary>The value <c>Mcp-Name</c> mirrors: the tool or prompt name, the resource URI, or the task id.</summary>
    private static string? NameIn(JsonRpcRequest request)
    {
        var field = NameField(request.Method);
        return field is not null && request.Params is JsonObject p && p[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>The request parameter <c>Mcp-Name</c> mirrors for a method, or null.</summary>
    private static string? NameField(string method) =>
        method switch
        {
            RequestMethods.ToolsCall or RequestMethods.PromptsGet => "name",
            RequestMethods.ResourcesRead => "uri",
            TasksExtension.Get or TasksExtension.Update or TasksExtension.Cancel => TasksExtension.TaskIdParameter,
            _ => null,
        };

    /// <summary>A header value as sent, or decoded from the <c>=?base64?…?=</c> form used for values that are not plain ASCII.</summary>
    private static string Decode(string value)
    {
        const string Start = "=?base64?", End = "?=";
        if (!value.StartsWith(Start, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(End, StringComparison.Ordinal))
        {
            return value;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[Start.Length..^End.Length]));
        }
        catch (FormatException)
        {
            return "\uFFFD";
        }
    }

    /// <summary>
    /// The HTTP status of a response, chosen from its first message before anything is written: the specification maps
    /// some JSON-RPC errors to statuses (an unknown method 404; a missing capability, a mismatch or a version 400).
    /// </summary>
    private static ValueTask StatusFor(HttpContext context, HeldHeadersStream body, JsonRpcMessage? first)
    {
        if (first is JsonRpcError { Error.Code: var code })
        {
            SetStatus(context, body, code);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The status of an answer that is the error <paramref name="code"/>, as the specification names it, while the headers
    /// have not gone out (they go with the first message: <see cref="HeldHeadersStream"/>); an error status is answered in JSON.
    /// </summary>
    private static void SetStatus(HttpContext context, HeldHeadersStream body, int code)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = code switch
            {
                McpErrorCodes.MethodNotFound => StatusCodes.Status404NotFound,
                McpErrorCodes.HeaderMismatch or McpErrorCodes.MissingRequiredClientCapability or McpErrorCodes.UnsupportedProtocolVersion => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status200OK,
            };
            if (context.Response.StatusCode >= 400)
            {
                body.AnswerAsJson();
            }
        }
    }
}
