using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The SEP-2575 diagnostics the suite's <c>server-stateless</c> scenario calls: <c>test_missing_capability</c>
/// (-32021 without sampling), <c>test_streaming_elicitation</c> (a plain result), <c>test_logging_tool</c> (no log
/// without a requested level) and <c>test_trigger_tool_change</c> / <c>test_trigger_prompt_change</c>, which change
/// the tool or prompt list so that list-changed notifications go out.
/// </summary>
internal sealed class StatelessDiagnosticTools(
    McpServerPrimitiveCollection<McpServerTool> tools, McpServerPrimitiveCollection<McpServerPrompt> prompts)
{
    private const string ToggledName = "test_toggled_by_trigger";

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(MissingCapability, new()
        {
            Name = "test_missing_capability", Description = "Needs the sampling client capability (-32021 without it).", ReadOnly = true,
        });
        yield return McpServerTool.Create(
            () => "stream observed: result frames only, no top-level requests",
            new() { Name = "test_streaming_elicitation", Description = "Answers with a plain result and sends no request on the stream.", ReadOnly = true });
        yield return McpServerTool.Create(LoggingAsync, new()
        {
            Name = "test_logging_tool", Description = "Logs only when the request asked for a log level.", ReadOnly = true,
        });
        yield return McpServerTool.Create(TriggerToolChange, new()
        {
            Name = "test_trigger_tool_change", Description = "Adds or removes a tool, so tools/list_changed goes out.",
        });
        yield return McpServerTool.Create(TriggerPromptChange, new()
        {
            Name = "test_trigger_prompt_change", Description = "Adds or removes a prompt, so prompts/list_changed goes out.",
        });
    }

    private static string MissingCapability(RequestContext<CallToolRequestParams> context)
    {
        var capabilities = context.JsonRpcRequest.Context?.ClientCapabilities ?? context.Server.ClientCapabilities;
        return capabilities?.Sampling is not null
            ? "Client declared the sampling capability; tool executed."
            : throw new MissingRequiredClientCapabilityException(
                new ClientCapabilities { Sampling = new() }, "This tool needs the sampling client capability.");
    }

    private static async Task<string> LoggingAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken) =>
        await ClientLog.TrySendAsync(context, LoggingLevel.Info, "Diagnostic trace logging activated", cancellationToken)
            ? "Logged at info."
            : "Log suppressed: no log level requested.";

    private string TriggerToolChange()
    {
        if (tools.TryGetPrimitive(ToggledName, out var existing))
        {
            tools.Remove(existing);
            return $"removed {ToggledName}";
        }

        tools.Add(McpServerTool.Create(() => "toggled", new() { Name = ToggledName, Description = "Added by test_trigger_tool_change." }));
        return $"added {ToggledName}";
    }

    private string TriggerPromptChange()
    {
        if (prompts.TryGetPrimitive(ToggledName, out var existing))
        {
            prompts.Remove(existing);
            return $"removed prompt {ToggledName}";
        }

        prompts.Add(McpServerPrompt.Create(() => "toggled", new() { Name = ToggledName, Description = "Added by test_trigger_prompt_change." }));
        return $"added prompt {ToggledName}";
    }
}
