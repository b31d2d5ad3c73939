#pragma warning disable MCPEXP001 // Multi Round-Trip Requests (SEP-2322) are experimental in the SDK.

using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The SEP-2322 tools of the suite (<c>test_input_required_result_*</c>). Each throws
/// <see cref="InputRequiredException"/> until the retry carries the answers: a 2026-07-28 caller gets an
/// <c>InputRequiredResult</c>, and on a 2025-11-25 session the SDK asks the client with server-to-client requests
/// instead. States that decide anything are signed (<see cref="SignedRequestState"/>).
/// </summary>
internal static class InputRequiredTools
{
    public static IEnumerable<McpServerTool> Create()
    {
        yield return Tool("test_input_required_result_elicitation", "Asks for the user's name (key user_name); then greets.", Elicitation);
        yield return Tool("test_input_required_result_sampling", "Asks the client's model (key capital_question).", Sampling);
        yield return Tool("test_input_required_result_list_roots", "Asks for the client's roots (key client_roots).", ListRoots);
        yield return Tool("test_input_required_result_request_state", "Asks to confirm (key confirm) with a signed requestState; answers state-ok.", RequestState);
        yield return Tool("test_input_required_result_multiple_inputs", "Asks for elicitation, sampling and roots at once, with a requestState.", MultipleInputs);
        yield return Tool("test_input_required_result_multi_round", "Two rounds (step1, step2), a new requestState each round.", MultiRound);
        yield return Tool("test_input_required_result_tampered_state", "Signs its requestState; a changed state gets a JSON-RPC error.", TamperedState);
        yield return Tool("test_input_required_result_capabilities", "Asks only for what the request's client capabilities declare.", Capabilities);
    }

    /// <summary>The elicitation asking for the user's name, shared with the input-required prompt.</summary>
    public static InputRequest AskText(string message, string field) => InputRequest.ForElicitation(new ElicitRequestParams
    {
        Message = message,
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = { [field] = new ElicitRequestParams.StringSchema() },
            Required = [field],
        },
    });

    /// <summary>The text field of an accepted elicitation answer under <paramref name="key"/>; null when absent or malformed.</summary>
    public static string? ElicitedText(RequestParams? request, string key, string field)
    {
        var result = Answer(request, key, InputResponse.ElicitResultJsonTypeInfo);
        return result?.Content?.TryGetValue(field, out var value) == true
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;
    }

    private static McpServerTool Tool(string name, string description, Func<RequestContext<CallToolRequestParams>, CallToolResult> run) =>
        McpServerTool.Create(run, new McpServerToolCreateOptions { Name = name, Description = description, ReadOnly = true });

    private static CallToolResult Elicitation(RequestContext<CallToolRequestParams> context) =>
        ElicitedText(context.Params, "user_name", "name") is { } name
            ? Text($"Hello, {name}!")
            : throw Ask(new() { ["user_name"] = AskText("What is your name?", "name") });

    private static CallToolResult Sampling(RequestContext<CallToolRequestParams> context) =>
        Answer(context.Params, "capital_question", InputResponse.CreateMessageResultJsonTypeInfo) is { } sampled
            ? Text("Sampling said: " + string.Concat(sampled.Content.OfType<TextContentBlock>().Select(block => block.Text)))
            : throw Ask(new() { ["capital_question"] = AskModel("What is the capital of France?", 100) });

    private static CallToolResult ListRoots(RequestContext<CallToolRequestParams> context) =>
        Answer(context.Params, "client_roots", InputResponse.ListRootsResultJsonTypeInfo) is { } roots
            ? Text($"Found {roots.Roots.Count} root(s)")
            : throw Ask(new() { ["client_roots"] = InputRequest.ForRootsList(new ListRootsRequestParams()) });

    private static CallToolResult RequestState(RequestContext<CallToolRequestParams> context)
    {
        var confirmed = Answer(context.Params, "confirm", InputResponse.ElicitResultJsonTypeInfo);
        if (confirmed is not null && SignedRequestState.Verify(context.Params?.RequestState) == "request-state")
        {
            return Text($"state-ok: requestState validated (action {confirmed.Action})");
        }

        throw Ask(new() { ["confirm"] = AskConfirm() }, SignedRequestState.Sign("request-state"));
    }

    private static CallToolResult MultipleInputs(RequestContext<CallToolRequestParams> context)
    {
        var request = context.Params;
        var name = ElicitedText(request, "user_name", "name");
        var greeting = Answer(request, "greeting", InputResponse.CreateMessageResultJsonTypeInfo);
        var roots = Answer(request, "client_roots", InputResponse.ListRootsResultJsonTypeInfo);
        if (name is not null && greeting is not null && roots is not null
            && SignedRequestState.Verify(request?.RequestState) == "multiple-inputs")
        {
            var greetingText = string.Concat(greeting.Content.OfType<TextContentBlock>().Select(block => block.Text));
            return Text($"Name: {name}; Greeting: {greetingText}; Roots: {roots.Roots.Count}");
        }

        throw Ask(
            new()
            {
                ["user_name"] = AskText("What is your name?", "name"),
                ["greeting"] = AskModel("Generate a greeting", 50),
                ["client_roots"] = InputRequest.ForRootsList(new ListRootsRequestParams()),
            },
            SignedRequestState.Sign("multiple-inputs"));
    }

    private static CallToolResult MultiRound(RequestContext<CallToolRequestParams> context)
    {
        var request = context.Params;
        var state = SignedRequestState.Verify(request?.RequestState);
        if (state == "round-1" && ElicitedText(request, "step1", "name") is { } name)
        {
            // The name travels in the next state: nothing is kept here between rounds.
            throw Ask(
                new() { ["step2"] = AskText("Step 2: What is your favorite color?", "color") },
                SignedRequestState.Sign("round-2:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(name))));
        }

        if (state?.StartsWith("round-2:", StringComparison.Ordinal) == true && ElicitedText(request, "step2", "color") is { } color)
        {
            var who = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(state["round-2:".Length..]));
            return Text($"Multi-round complete for {who} who likes {color}");
        }

        throw Ask(new() { ["step1"] = AskText("Step 1: What is your name?", "name") }, SignedRequestState.Sign("round-1"));
    }

    private static CallToolResult TamperedState(RequestContext<CallToolRequestParams> context)
    {
        var request = context.Params;
        if (request?.RequestState is { } state)
        {
            if (SignedRequestState.Verify(state) != "tamper-test")
            {
                throw new McpProtocolException("requestState failed its integrity check.", McpErrorCode.InvalidParams);
            }

            if (Answer(request, "confirm", InputResponse.ElicitResultJsonTypeInfo) is not null)
            {
                return Text("integrity-ok: state verified");
            }
        }

        throw Ask(new() { ["confirm"] = AskConfirm() }, SignedRequestState.Sign("tamper-test"));
    }

    private static CallToolResult Capabilities(RequestContext<CallToolRequestParams> context)
    {
        if (context.Params?.InputResponses is { Count: > 0 } responses)
        {
            return Text("capabilities-ok: received " + string.Join(',', responses.Keys.Order(StringComparer.Ordinal)));
        }

        var capabilities = context.JsonRpcRequest.Context?.ClientCapabilities ?? context.Server.ClientCapabilities;
        var inputRequests = new Dictionary<string, InputRequest>();
        if (capabilities?.Elicitation is not null)
        {
            inputRequests["elicit_input"] = AskText("Elicitation input", "value");
        }

        if (capabilities?.Sampling is not null)
        {
            inputRequests["sample_input"] = AskModel("Sample request", 50);
        }

        return inputRequests.Count == 0
            ? Text("No supported capabilities declared")
            : throw Ask(inputRequests, SignedRequestState.Sign("capabilities-test"));
    }

    private static T? Answer<T>(RequestParams? request, string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (request?.InputResponses is not { } responses || !responses.TryGetValue(key, out var response) || response is null)
        {
            return null;
        }

        try
        {
            return response.Deserialize(type);
        }
        catch (JsonException)
        {
            // A malformed answer (a number, a string) counts as no answer: the caller is asked again.
            return null;
        }
    }

    private static InputRequest AskConfirm() => InputRequest.ForElicitation(new ElicitRequestParams
    {
        Message = "Please confirm",
        RequestedSchema = new ElicitRequestParams.RequestSchema
        {
            Properties = { ["ok"] = new ElicitRequestParams.BooleanSchema() },
            Required = ["ok"],
        },
    });

    private static InputRequest AskModel(string question, int maxTokens) => InputRequest.ForSampling(new CreateMessageRequestParams
    {
        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = question }] }],
        MaxTokens = maxTokens,
    });

    private static InputRequiredException Ask(Dictionary<string, InputRequest> inputRequests, string? requestState = null) =>
        new(inputRequests, requestState);

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };
}
