using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>Wraps an upstream transport so <see cref="ProgressRouter"/> sees incoming messages in wire order.</summary>
internal sealed class OrderedProgressTransport(IClientTransport inner, ProgressRouter router) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), router);

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        // Synchronous continuations: the SDK's message loop, waiting on this channel, resumes on the pump's thread
        // instead of hopping to another pool thread for every upstream message (measured: c=1 p50 about 0.09 ms
        // lower through the gateway, c=16 no worse). The SDK dispatches handlers and completes pending requests
        // without blocking, so the pump is back to reading as soon as the loop awaits its next message.
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(
            new() { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
        private readonly Task _pump;

        public Session(ITransport inner, ProgressRouter router)
        {
            _inner = inner;
            _pump = PumpAsync(router);
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            _inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync();
            await _pump;
        }

        private async Task PumpAsync(ProgressRouter router)
        {
            Exception? error = null;
            try
            {
                await foreach (var message in _inner.MessageReader.ReadAllAsync())
                {
                    if (!router.TryDeliver(message))
                    {
                        _messages.Writer.TryWrite(message);
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                _messages.Writer.TryComplete(error);
            }
        }
    }
}
