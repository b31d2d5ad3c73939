using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// Records every progress notification a client receives, for the client's whole life. The SDK's per-call progress
/// handler is removed when the call's response arrives, and the client dispatches incoming messages concurrently, so
/// a notification the gateway sent before the response can still be handled after it and be dropped; a test that
/// counts notifications must not depend on that race.
/// </summary>
internal sealed class ProgressRecorder : IProgress<ProgressNotificationValue>, IAsyncDisposable
{
    private readonly List<ProgressNotificationValue> _updates = [];
    private readonly IAsyncDisposable _registration;

    public ProgressRecorder(McpClient client)
    {
        _registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (n, _) =>
        {
            if (n.Params?.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions) is { } p)
            {
                lock (_updates)
                {
                    _updates.Add(p.Progress);
                }
            }

            return ValueTask.CompletedTask;
        });
    }

    public int Count
    {
        get
        {
            lock (_updates)
            {
                return _updates.Count;
            }
        }
    }

    public IReadOnlyList<ProgressNotificationValue> Updates
    {
        get
        {
            lock (_updates)
            {
                return [.. _updates];
            }
        }
    }

    /// <summary>Passed to the call only so the SDK sends a progress token; the client-wide handler does the recording.</summary>
    public void Report(ProgressNotificationValue value)
    {
    }

    public ValueTask DisposeAsync() => _registration.DisposeAsync();
}
