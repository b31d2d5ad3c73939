using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests.Upstreams;

/// <summary>
/// TestUpstream's Streamable HTTP front serves both revisions on one URL, and <c>--protocol</c> narrows it to one:
/// what the gateway's upstream tests (and the conformance runs straight against TestUpstream) rely on.
/// </summary>
public sealed class TestUpstreamRevisionTests
{
    [Fact]
    public async Task HttpUpstream_DefaultClient_Negotiates2026WithoutSession()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var client = await ConnectAsync(upstream, protocol: null);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "stateless" });

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Equal("stateless", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task HttpUpstream_SessionClientOnSameUrl_GetsASessionOf2025()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var client = await ConnectAsync(upstream, protocol: TestClients.SessionRevision);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["text"] = "session" });

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal("session", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task HttpUpstreamPinnedTo2025_DefaultClient_FallsBackToASession()
    {
        await using var upstream = await UpstreamProcess.StartAsync(protocol: "2025-11-25");
        await using var client = await ConnectAsync(upstream, protocol: null);

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
    }

    [Fact]
    public async Task HttpUpstreamPinnedTo2026_SessionClient_Refused()
    {
        await using var upstream = await UpstreamProcess.StartAsync(protocol: "2026-07-28");

        await Assert.ThrowsAnyAsync<McpException>(() => ConnectAsync(upstream, protocol: TestClients.SessionRevision));
        await using var client = await ConnectAsync(upstream, protocol: null);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
    }

    [Fact]
    public async Task HttpUpstream_2026Listen_CarriesListChangedAndResourceUpdates()
    {
        await using var upstream = await UpstreamProcess.StartAsync();
        await using var client = await ConnectAsync(upstream, protocol: null);
        var toolsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var updated = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onAck = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            acknowledged.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await using var onTools = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            toolsChanged.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await using var onUpdated = client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updated.TrySetResult(n.Params?["uri"]?.GetValue<string>());
            return ValueTask.CompletedTask;
        });

        using var stop = new CancellationTokenSource();
        var listen = client.SendRequestAsync<SubscriptionsListenRequestParams, EmptyResult>(
            RequestMethods.SubscriptionsListen,
            new SubscriptionsListenRequestParams
            {
                Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true, ResourceSubscriptions = ["test://watched"] },
            },
            McpJsonUtilities.DefaultOptions,
            cancellationToken: stop.Token).AsTask();
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await client.CallToolAsync("add_tool", new Dictionary<string, object?> { ["name"] = "added_over_listen" });
        await client.CallToolAsync("touch_resource", new Dictionary<string, object?> { ["uri"] = "test://watched" });

        await toolsChanged.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("test://watched", await updated.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }

    private static async Task<McpClient> ConnectAsync(UpstreamProcess upstream, string? protocol) =>
        await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = upstream.Endpoint, TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = protocol });
}
