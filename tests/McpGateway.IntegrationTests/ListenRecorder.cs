using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// One <c>subscriptions/listen</c> opened by an SDK client of 2026-07-28 (the SDK has no helper for it: it is sent as a
/// raw request with its own id), recording what its stream carries: the notifications tagged with its subscription id.
/// </summary>
internal sealed class ListenRecorder : IAsyncDisposable
{
    public const string SubscriptionIdKey = "io.modelcontextprotocol/subscriptionId";

    private static readonly string[] Methods =
    [
        NotificationMethods.SubscriptionsAcknowledgedNotification, NotificationMethods.ToolListChangedNotification,
        NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification,
        NotificationMethods.ResourceUpdatedNotification,
    ];

    private readonly ConcurrentQueue<(string Method, JsonObject Params)> _received = new();
    private readonly List<IAsyncDisposable> _registrations = [];
    private readonly CancellationTokenSource _close = new();

    private ListenRecorder(string id) => Id = id;

    public string Id { get; }

    /// <summary>The listen's final response (ends when the gateway ends it, or faults when the client closes it).</summary>
    public Task<JsonRpcResponse> Response { get; private set; } = null!;

    /// <summary>What the stream carried, in order, acknowledgement first.</summary>
    public IReadOnlyList<(string Method, JsonObject Params)> Received => [.. _received];

    /// <summary>Opens the listen and waits for its acknowledgement.</summary>
    public static async Task<ListenRecorder> OpenAsync(McpClient client, string id, JsonObject notifications)
    {
        var recorder = new ListenRecorder(id);
        foreach (var method in Methods)
        {
            recorder._registrations.Add(client.RegisterNotificationHandler(method, (n, _) =>
            {
                if (n.Params is JsonObject p && p["_meta"]?[SubscriptionIdKey]?.ToString() == id)
                {
                    recorder._received.Enqueue((n.Method, p));
                }

                return ValueTask.CompletedTask;
            }));
        }

        recorder.Response = client.SendRequestAsync(
            new JsonRpcRequest { Id = new RequestId(id), Method = RequestMethods.SubscriptionsListen, Params = new JsonObject { ["notifications"] = notifications } },
            recorder._close.Token);
        await recorder.WaitForAsync(NotificationMethods.SubscriptionsAcknowledgedNotification);
        return recorder;
    }

    /// <summary>The first notification of <paramref name="method"/> (matching <paramref name="where"/>), waited for within a bound.</summary>
    public async Task<JsonObject> WaitForAsync(string method, Func<JsonObject, bool>? where = null, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (m, p) in _received)
            {
                if (m == method && (where is null || where(p)))
                {
                    return p;
                }
            }

            if (Response?.IsCompleted == true)
            {
                throw new InvalidOperationException($"The listen '{Id}' ended before {method} came: {Response.Status}.");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No {method} on listen '{Id}'; it carried: {string.Join(", ", Received.Select(r => r.Method))}");
    }

    /// <summary>Closes the stream from the client's side (on HTTP: the POST; on stdio: notifications/cancelled).</summary>
    public async Task CloseAsync()
    {
        await _close.CancelAsync();
        try
        {
            await Response;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        foreach (var registration in _registrations)
        {
            await registration.DisposeAsync();
        }

        _close.Dispose();
    }
}
