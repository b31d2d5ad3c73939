using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;

namespace McpGateway.Flows.Tests.Fakes;

/// <summary>
/// Tools for flow tests: by default echoes <c>{ tool, args }</c>. Handlers per tool script failures, approvals and
/// unknown outcomes. Every call is recorded with its idempotency key; a completed key replays its first result.
/// </summary>
internal sealed class FakeToolInvoker : IFlowToolInvoker
{
    private readonly ConcurrentDictionary<string, Func<FlowToolCall, CancellationToken, Task<FlowToolResult>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FlowToolResult> _completed = new(StringComparer.Ordinal);
    private int _inFlight;

    public ConcurrentQueue<FlowToolCall> Calls { get; } = new();

    /// <summary>Calls that reached a handler (not replayed): the side effects.</summary>
    public ConcurrentQueue<FlowToolCall> Effects { get; } = new();

    public int MaxInFlight { get; private set; }

    public void On(string tool, Func<FlowToolCall, FlowToolResult> handler) => _handlers[tool] = (c, _) => Task.FromResult(handler(c));

    public void OnAsync(string tool, Func<FlowToolCall, CancellationToken, Task<FlowToolResult>> handler) => _handlers[tool] = handler;

    public IReadOnlyList<string> KeysFor(string tool) => Calls.Where(c => c.Tool == tool).Select(c => c.IdempotencyKey).ToList();

    public int EffectsOf(string tool) => Effects.Count(c => c.Tool == tool);

    /// <summary>Connection fields steps may read, by <c>name.field</c>; any other is refused.</summary>
    public ConcurrentDictionary<string, string> Connections { get; } = new(StringComparer.Ordinal);

    public ValueTask<ConnectionRead> ReadConnectionAsync(McpGateway.Flows.Model.FlowRun run, string connection, string field, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Connections.TryGetValue($"{connection}.{field}", out var value)
            ? new ConnectionRead(value, null)
            : new ConnectionRead(null, $"no connection field {connection}.{field}"));

    public async ValueTask<FlowToolResult> InvokeAsync(FlowToolCall call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        if (_completed.TryGetValue(call.IdempotencyKey, out var replay))
        {
            return replay;
        }

        var now = Interlocked.Increment(ref _inFlight);
        MaxInFlight = Math.Max(MaxInFlight, now);
        try
        {
            Effects.Enqueue(call);
            var result = _handlers.TryGetValue(call.Tool, out var handler)
                ? await handler(call, cancellationToken)
                : new FlowToolResult(FlowToolResultKind.Succeeded, new JsonObject { ["tool"] = call.Tool, ["args"] = call.Arguments.DeepClone() });
            if (result.Kind == FlowToolResultKind.Succeeded)
            {
                _completed.TryAdd(call.IdempotencyKey, result);
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Stores a result for a key as the gateway would after an approved call ran.</summary>
    public void Complete(string key, FlowToolResult result) => _completed[key] = result;
}
