using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp.Mrtr;

/// <summary>
/// Multi Round-Trip Requests (MCP 2026-07-28) for the gateway's own tool calls: what it needs from the client mid-call (an
/// <c>approver: client</c> approval, an upstream's elicitation or sampling request) is asked with an
/// <c>InputRequiredResult</c>, and the client's retry (same request plus <c>inputResponses</c> and the sealed
/// <c>requestState</c>) continues the same call. An approval continues on any process (the frozen approval is in the
/// shared store); an upstream's request only on the process holding the upstream call open (<see cref="HeldCalls"/>).
/// A bad, expired or foreign state is a JSON-RPC error (-32602) and nothing runs.
/// </summary>
internal sealed partial class RoundTrips(
    RequestStateSeal seal, HeldCalls held, ApprovalService approvals, IApprovalStore approvalStore, IJournalStore journal, IIdempotencyStore keys,
    ArgumentRedactor redactor, TimeProvider time)
{
    /// <summary>The input request key of an inline approval.</summary>
    public const string ApprovalKey = "approval";

    /// <summary>
    /// True when a stateless request's tool call takes the round-trip path: it continues a round (carries a
    /// <c>requestState</c>), or it declared a kind of input the gateway may need to ask for (elicitation, sampling).
    /// </summary>
    public static bool Applies(CallToolRequestParams p) =>
        p.RequestState is not null || p.InputResponses is not null ||
        Declared(p.Meta, "elicitation") || Declared(p.Meta, "sampling") || Declared(p.Meta, "roots");

    /// <summary>
    /// Runs the call (<paramref name="create"/> makes its context over the round-trip downstream and the call's own
    /// cancellation; <paramref name="run"/> takes it through the pipeline), or continues the one the state names.
    /// </summary>
    public async ValueTask<CallToolResult> CallAsync(
        RequestContext<CallToolRequestParams> request,
        string? scope,
        ApiKey? key,
        Func<RoundTripPeer, CancellationToken, string?, InputRound?, ToolCallContext> create,
        Func<ToolCallContext, ValueTask<CallToolResult>> run,
        CancellationToken ct)
    {
        var p = request.Params!;
        var binding = new RequestBinding(key?.Id, McpCallContext.Agent(p.Meta, request.Server.SessionId, key), scope, RequestMethods.ToolsCall, p.Name,
            ArgumentsJson.Fingerprint(p.Name, p.Arguments));
        if (p.RequestState is { } text)
        {
            var (state, problem) = seal.Open(text, binding);
            if (state is null)
            {
                throw new McpProtocolException(problem!, McpErrorCode.InvalidParams);
            }

            return state.Kind switch
            {
                RequestState.ApprovalKind => await ContinueApprovalAsync(state, text, p.InputResponses, binding, ct),
                RequestState.HeldKind => await ContinueHeldAsync(state, text, p.InputResponses, binding, ct),
                RequestState.UpstreamKind => await ContinueUpstreamAsync(state, p, binding, create, run, ct),
                _ => throw new McpProtocolException("requestState names nothing this gateway continues; call again without it.", McpErrorCode.InvalidParams),
            };
        }

        // Answers sent without a state are the upstream's business (a 2026 upstream may take them on a first request).
        var answers = p.InputResponses is null ? null : new InputRound(p.InputResponses, null);
        return await RunRoundAsync(p, binding, (peer, token) => create(peer, token, null, answers), run, ct);
    }

    /// <summary>Runs one round of the call through the pipeline, answering with its result or with what it needs from the client.</summary>
    private async ValueTask<CallToolResult> RunRoundAsync(
        CallToolRequestParams p,
        RequestBinding binding,
        Func<RoundTripPeer, CancellationToken, ToolCallContext> create,
        Func<ToolCallContext, ValueTask<CallToolResult>> run,
        CancellationToken ct)
    {
        var exchange = new HeldExchange("x_" + Guid.CreateVersion7().ToString("N"));
        var peer = new RoundTripPeer(exchange, Declared(p.Meta, "elicitation"), Declared(p.Meta, "sampling"), Declared(p.Meta, "roots"));
        var context = create(peer, exchange.Token);
        exchange.Start(() => run(context));
        CallToolResult? result;
        PendingInput? asked;
        try
        {
            (result, asked) = await exchange.NextAsync(ct);
        }
        catch (InputRequiredException upstream)
        {
            // A 2026-07-28 upstream's own InputRequiredResult: the client gets it as the upstream wrote it, with the
            // upstream's state sealed inside the gateway's, and its retry continues this execution on any process.
            exchange.Dispose();
            throw Relay(upstream.Result, binding, context.ExecutionId);
        }
        catch
        {
            exchange.Dispose();
            throw;
        }

        if (asked is not null)
        {
            throw Ask(exchange, asked, binding, context.ExecutionId);
        }

        exchange.Dispose();
        if (context.ApprovalByInputRequest && context.ApprovalId is { } approvalId && context.Details["approver"] is not null)
        {
            // Frozen by an approver: client rule: ask the user now; the answer thaws it wherever it lands.
            var approval = await approvalStore.GetAsync(approvalId, CancellationToken.None);
            if (approval is { Status: ApprovalStatuses.Pending })
            {
                var state = seal.Seal(Bound(RequestState.ApprovalKind, binding, context.ExecutionId, approval.ExpiresAt) with { ApprovalId = approval.Id });
                throw AskApproval(approval, state);
            }
        }

        return result!;
    }

    private async ValueTask<CallToolResult> ContinueHeldAsync(RequestState state, string text, IDictionary<string, InputResponse>? responses, RequestBinding binding, CancellationToken ct)
    {
        if (state.Instance != held.Instance)
        {
            throw new McpProtocolException(
                $"The upstream call this requestState continues is held open by gateway process '{state.Instance}', not this one ('{held.Instance}'); " +
                "it can only be answered there. Nothing was run here. Call again without requestState to start over (a call with an idempotency key replays its result).",
                McpErrorCode.InvalidParams);
        }

        var exchange = held.Find(state.Exchange ?? "")
            ?? throw new McpProtocolException(
                $"The upstream call this requestState continues (execution {state.ExecutionId}) is no longer held: it was not answered in time and was cancelled. " +
                "Nothing was run again. Call again without requestState to start over.", McpErrorCode.InvalidParams);
        if (exchange.Result is { } done)
        {
            // A replayed retry of the round that finished the call: its result, not a second run.
            return done;
        }

        var pending = exchange.Pending;
        if (pending is null || pending.Round != state.Round)
        {
            throw new McpProtocolException(
                $"Round {state.Round} of execution {state.ExecutionId} was already answered; send the requestState of the latest InputRequiredResult.", McpErrorCode.InvalidParams);
        }

        if (responses is null || !responses.TryGetValue(pending.Key, out var answer) || answer is null)
        {
            // Missing answers are asked again, not an error (the specification's rule for a partial retry).
            throw new InputRequiredException(new Dictionary<string, InputRequest> { [pending.Key] = pending.Request }, text);
        }

        CheckAnswer(pending, answer);
        if (!exchange.TryAnswer(pending.Round, answer))
        {
            throw new McpProtocolException($"Round {state.Round} of execution {state.ExecutionId} was already answered.", McpErrorCode.InvalidParams);
        }

        var (result, asked) = await exchange.NextAsync(ct);
        if (asked is not null)
        {
            throw Ask(exchange, asked, binding, state.ExecutionId);
        }

        // Kept (until the state would have expired) so that a replay of this retry gets the result instead of an error.
        held.Hold(exchange);
        return result!;
    }

    /// <summary>Holds the call and asks the client what the upstream asked.</summary>
    private InputRequiredException Ask(HeldExchange exchange, PendingInput asked, RequestBinding binding, string executionId)
    {
        held.Hold(exchange);
        var state = Bound(RequestState.HeldKind, binding, executionId, null) with { Instance = held.Instance, Exchange = exchange.Id, Round = asked.Round };
        return new InputRequiredException(new Dictionary<string, InputRequest> { [asked.Key] = asked.Request }, seal.Seal(state));
    }

    /// <summary>An answer that is not the kind of result its request asks for is refused before it reaches the upstream.</summary>
    private static void CheckAnswer(PendingInput pending, InputResponse answer)
    {
        try
        {
#pragma warning disable MCP9005 // Sampling is deprecated in 2026-07-28 but still a valid input request.
            object? read = pending.Request.Method switch
            {
                RequestMethods.SamplingCreateMessage => answer.Deserialize(InputResponse.CreateMessageResultJsonTypeInfo),
                RequestMethods.RootsList => answer.Deserialize(InputResponse.ListRootsResultJsonTypeInfo),
                _ => answer.Deserialize(InputResponse.ElicitResultJsonTypeInfo),
            };
#pragma warning restore MCP9005
            if (read is not null && (read is not ElicitResult e || e.Action is "accept" or "decline" or "cancel"))
            {
                return;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new McpProtocolException($"inputResponses['{pending.Key}'] is not a valid result for {pending.Request.Method}; nothing was passed on.", McpErrorCode.InvalidParams);
    }

    private RequestState Bound(string kind, RequestBinding binding, string executionId, DateTimeOffset? notAfter)
    {
        var expires = time.GetUtcNow() + held.Expiry;
        return new RequestState
        {
            Kind = kind,
            KeyId = binding.KeyId,
            Agent = binding.Agent,
            Scope = binding.Scope,
            Method = binding.Method,
            Target = binding.Target,
            Fingerprint = binding.Fingerprint,
            ExpiresAt = notAfter is { } n && n < expires ? n : expires,
            ExecutionId = executionId,
        };
    }

    /// <summary>True when the request's <c>_meta</c> clientCapabilities declares <paramref name="capability"/>.</summary>
    private static bool Declared(JsonObject? meta, string capability) =>
        meta?[PerRequestMeta.ClientCapabilities] is JsonObject caps && caps[capability] is JsonObject;
}
