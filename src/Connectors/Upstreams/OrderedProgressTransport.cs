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
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new() { SingleReader = true, SingleWriter = true });
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
