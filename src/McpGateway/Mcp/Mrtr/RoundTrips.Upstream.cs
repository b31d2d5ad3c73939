using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp.Mrtr;

internal sealed partial class RoundTrips
{
    /// <summary>
    /// The upstream's <c>InputRequiredResult</c> for the client: its input requests as the upstream keyed them, and a
    /// state of the gateway's own that carries the upstream's state and names the execution the next round continues.
    /// </summary>
    private InputRequiredException Relay(InputRequiredResult upstream, RequestBinding binding, string executionId)
    {
        var state = seal.Seal(Bound(RequestState.UpstreamKind, binding, executionId, null) with { UpstreamState = upstream.RequestState });
        if (state.Length > RequestStateSeal.MaxLength)
        {
            throw new McpProtocolException(
                $"The upstream asked for input with a requestState too large for the gateway to carry ({state.Length} characters sealed, at most " +
                $"{RequestStateSeal.MaxLength}); the request cannot go on.", McpErrorCode.InternalError);
        }

        return new InputRequiredException(upstream.InputRequests, state);
    }

    /// <summary>
    /// The next round of an upstream's own Multi Round-Trip Request: the same execution (its record reopened by the
    /// journal stage), through the whole pipeline again, with the client's answers and the upstream's state sent back to
    /// the upstream as they are. A round answered twice, or after the call ended, runs nothing again: a finished call
    /// answers with its stored result.
    /// </summary>
    private async ValueTask<CallToolResult> ContinueUpstreamAsync(
        RequestState state,
        CallToolRequestParams p,
        RequestBinding binding,
        Func<RoundTripPeer, CancellationToken, string?, InputRound?, ToolCallContext> create,
        Func<ToolCallContext, ValueTask<CallToolResult>> run,
        CancellationToken ct)
    {
        var record = await journal.GetAsync(state.ExecutionId, ct);
        if (record is not null && record.Status != ToolCallStatus.InputRequired.ToWire() && record.Status != ExecutionRecord.OpenStatus)
        {
            return await EndedAsync(record, ct);
        }

        var round = new InputRound(p.InputResponses, state.UpstreamState);
        return await RunRoundAsync(p, binding, (peer, token) => create(peer, token, state.ExecutionId, round), run, ct);
    }

    /// <summary>
    /// Sends a 2026-07-28 client's <c>prompts/get</c> or <c>resources/read</c> (<paramref name="target"/>: the name or URI it
    /// asked for) upstream with <paramref name="send"/>: a 2026-07-28 upstream's input requests reach the client as the
    /// upstream wrote them, with its state sealed inside the gateway's, and the retry (on any process) goes back to the
    /// upstream. Neither is journalled, so there is no execution to continue.
    /// </summary>
    public async ValueTask<TResult> RelayAsync<TResult>(
        McpServer server, RequestParams p, string method, string target, IDictionary<string, JsonElement>? arguments, string? scope, ApiKey? key,
        Func<IDownstreamPeer, InputRound?, ValueTask<TResult>> send)
    {
        var binding = new RequestBinding(key?.Id, McpCallContext.Agent(p.Meta, server.SessionId, key), scope, method, target,
            ArgumentsJson.Fingerprint(target, arguments));
        var round = p.InputResponses is null ? null : new InputRound(p.InputResponses, null);
        if (p.RequestState is { } text)
        {
            var (state, problem) = seal.Open(text, binding);
            if (state is null)
            {
                throw new McpProtocolException(problem!, McpErrorCode.InvalidParams);
            }

            if (state.Kind != RequestState.UpstreamKind)
            {
                throw new McpProtocolException($"requestState names nothing this gateway continues for {method}; call again without it.", McpErrorCode.InvalidParams);
            }

            round = new InputRound(p.InputResponses, state.UpstreamState);
        }

        try
        {
            return await send(new RelayOnlyPeer(Declared(p.Meta, "elicitation"), Declared(p.Meta, "sampling"), Declared(p.Meta, "roots")), round);
        }
        catch (InputRequiredException upstream)
        {
            throw Relay(upstream.Result, binding, "");
        }
    }

    /// <summary>What a call that already ended answers to a repeat of one of its rounds: its stored result, or why there is none.</summary>
    private async ValueTask<CallToolResult> EndedAsync(ExecutionRecord record, CancellationToken ct)
    {
        var key = await keys.FindByExecutionAsync(record.ExecutionId, ct);
        return key is { State: IdempotencyStates.Completed, ResultJson: { } json }
            ? GatewayResults.WithExecution(
                JsonSerializer.Deserialize<CallToolResult>(json, McpJsonUtilities.DefaultOptions)!,
                new JsonObject { ["execution_id"] = record.ExecutionId, ["status"] = ToolCallStatus.Replayed.ToWire(), ["idempotency_key"] = key.Key })
            : GatewayResults.Refusal(
                $"Execution {record.ExecutionId} already ended ({record.Status}); nothing was run again.",
                new JsonObject { ["execution_id"] = record.ExecutionId, ["status"] = record.Status });
    }
}
