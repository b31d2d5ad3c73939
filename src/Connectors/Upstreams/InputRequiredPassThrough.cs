using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// Hands a 2026-07-28 upstream's <c>InputRequiredResult</c> back to the call that made the request instead of letting the
/// SDK client answer it. The SDK client resolves such a result itself (through its handlers, one input at a time, and
/// re-sends the request); a call whose client can answer the upstream's requests itself (a 2026-07-28 client) gets them
/// as the upstream wrote them, keys, every input and <c>requestState</c>, and the client's retry goes back upstream.
/// The result's <c>resultType</c> is renamed on the way in, for registered requests only, so the SDK passes it on as a
/// plain result; <see cref="TryTake"/> names it back.
/// </summary>
internal sealed class InputRequiredPassThrough
{
    private const string InputRequired = "input_required";
    private const string Held = "mcpgw/input_required";

    private readonly ConcurrentDictionary<RequestId, byte> _requests = new();

    /// <summary>Hands back the input-required result of request <paramref name="id"/> until disposed.</summary>
    public IDisposable Register(RequestId id)
    {
        _requests[id] = 0;
        return new Registration(this, id);
    }

    /// <summary>Renames the <c>resultType</c> of an input-required response to a registered request (called for each incoming message).</summary>
    public void Mark(JsonRpcMessage message)
    {
        if (!_requests.IsEmpty && message is JsonRpcResponse { Result: JsonObject result } response && _requests.ContainsKey(response.Id)
            && result["resultType"] is JsonValue type && type.TryGetValue<string>(out var name) && name == InputRequired)
        {
            result["resultType"] = Held;
        }
    }

    /// <summary>The upstream's input-required result, named back, when <paramref name="result"/> is one that was handed back.</summary>
    public static bool TryTake(JsonNode? result, out JsonObject inputRequired)
    {
        if (result is JsonObject o && o["resultType"] is JsonValue type && type.TryGetValue<string>(out var name) && name == Held)
        {
            o["resultType"] = InputRequired;
            inputRequired = o;
            return true;
        }

        inputRequired = null!;
        return false;
    }

    private sealed class Registration(InputRequiredPassThrough owner, RequestId id) : IDisposable
    {
        public void Dispose() => owner._requests.TryRemove(id, out _);
    }
}
