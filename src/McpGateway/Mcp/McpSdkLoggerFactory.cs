using System.Reflection;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// The logger factory the gateway hands the MCP SDK's servers. The SDK logs each request a handler refused with the
/// exception's message and stack trace (at Warning, and once more at Error for a tool), under the session's name, which
/// holds the client's name and version. For a malformed request (params that do not deserialize, bad gateway inputs in
/// <c>_meta</c>, an unknown method or tool) that is a client's mistake the client has already been told about in its
/// JSON-RPC error, and the message and the name echo what it sent. Each such request becomes one line here that names
/// the kind of fault and nothing the client sent; every other entry passes through unchanged.
/// </summary>
internal sealed partial class McpSdkLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The SDK's event for "a request handler failed", logged once per failed request.</summary>
    private const string RequestHandlerFailed = "LogRequestHandlerException";

    /// <summary>The SDK's warning for an unknown method, which names it; the handler-failed entry that follows is its one line.</summary>
    private const string NoHandler = "LogNoHandlerFoundForRequest";

    private static readonly HashSet<string> KnownMethods = typeof(RequestMethods).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    private readonly ILogger _refusals = inner.CreateLogger("McpGateway.Mcp.MalformedRequests");

    public ILogger CreateLogger(string categoryName) => new FaultLogger(inner.CreateLogger(categoryName), _refusals);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the host, which disposes it.</summary>
    public void Dispose()
    {
    }

    /// <summary>A malformed request: params that do not deserialize, or a protocol error the gateway or SDK raised on purpose.</summary>
    private static bool IsClientFault(Exception? ex) =>
        ex is JsonException || (ex is McpProtocolException p && p.ErrorCode != McpErrorCode.InternalError);

    private sealed class FaultLogger(ILogger inner, ILogger refusals) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == NoHandler)
            {
                return;
            }

            if (!IsClientFault(exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            // The same request's other entries (the tool's own "threw") are left out: this is its one line.
            if (eventId.Name == RequestHandlerFailed)
            {
                var method = state is IReadOnlyList<KeyValuePair<string, object?>> values &&
                             values.FirstOrDefault(v => v.Key == "Method").Value is string m && KnownMethods.Contains(m)
                    ? m
                    : "an unknown method";
                // The SDK answers params it cannot deserialize with an internal error ("An error occurred.").
                var code = exception is McpProtocolException p ? (int)p.ErrorCode : (int)McpErrorCode.InternalError;
                Refused(refusals, method, code, exception is JsonException ? "params that do not match the method's schema" : "refused as invalid");
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Refused a malformed MCP request ({Method}: {Fault}; JSON-RPC error {Code} sent to the client)")]
    private static partial void Refused(ILogger logger, string method, int code, string fault);
}
