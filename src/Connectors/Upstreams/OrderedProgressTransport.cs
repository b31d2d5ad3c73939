using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Wraps an upstream transport so <see cref="ProgressRouter"/> sees incoming messages in wire order, and
/// <see cref="InputRequiredPassThrough"/> marks the input-required results a call takes itself before the SDK sees them.
/// </summary>
internal sealed class OrderedProgressTransport(IClientTransport inner, ProgressRouter router, InputRequiredPassThrough passThrough) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), router, passThrough);

    private sealed class Session(ITransport inner, ProgressRouter router, InputRequiredPassThrough passThrough) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new ProgressFilter(inner.MessageReader, router, passThrough);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>
    /// The upstream's messages as the SDK's loop reads them, minus the progress notifications the router takes. The
    /// router sees each message as the loop reads it, so progress is delivered in wire order, before the response
    /// that follows it. Filtering in the reader, not in a pump of our own, saves a thread hop per upstream message:
    /// a pump woke on one pool thread and handed each message to the SDK's loop (c=1, the upstream round trip was
    /// 135 µs through the pump against 81 µs for the SDK's own stdio client).
    /// </summary>
    private sealed class ProgressFilter(ChannelReader<JsonRpcMessage> inner, ProgressRouter router, InputRequiredPassThrough passThrough) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => inner.Completion;

        public override bool TryRead([MaybeNullWhen(false)] out JsonRpcMessage item)
        {
            while (inner.TryRead(out item))
            {
                if (!router.TryDeliver(item))
                {
                    passThrough.Mark(item);
                    return true;
                }
            }

            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            inner.WaitToReadAsync(cancellationToken);
    }
}
