using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Delivers an upstream's progress notifications to the call that owns the token, in the order the upstream sent
/// them and before any later message (the call's response) reaches the SDK, which dispatches messages concurrently.
/// </summary>
internal sealed class ProgressRouter
{
    private readonly ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> _calls = new(StringComparer.Ordinal);

    public IDisposable Register(string token, IProgress<ProgressNotificationValue> progress)
    {
        _calls[token] = progress;
        return new Registration(this, token);
    }

    /// <summary>True when the message was a progress notification for a registered call and was delivered.</summary>
    public bool TryDeliver(JsonRpcMessage message)
    {
        if (message is not JsonRpcNotification { Method: NotificationMethods.ProgressNotification } n
            || n.Params?.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions) is not { } p
            || p.ProgressToken.ToString() is not { } token
            || !_calls.TryGetValue(token, out var progress))
        {
            return false;
        }

        progress.Report(p.Progress);
        return true;
    }

    private sealed class Registration(ProgressRouter router, string token) : IDisposable
    {
        public void Dispose() => router._calls.TryRemove(token, out _);
    }
}
