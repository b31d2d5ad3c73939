using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Pipeline;

/// <summary>What a tool call came to. Stages return outcomes; they never throw for expected failures.</summary>
public sealed class ToolCallOutcome
{
    private ToolCallOutcome(ToolCallStatus status, CallToolResult? result, string? message, ToolCallFault fault, InputRequiredResult? input = null)
    {
        Status = status;
        Result = result;
        Message = message;
        Fault = fault;
        Input = input;
    }

    /// <summary>The status.</summary>
    public ToolCallStatus Status { get; }

    /// <summary>The upstream's result when it ran (also when the upstream itself reported <c>isError</c>), or the replayed one.</summary>
    public CallToolResult? Result { get; }

    /// <summary>A sentence the model can act on when the call did not complete normally.</summary>
    public string? Message { get; }

    /// <summary>What the upstream asked the caller for (<see cref="ToolCallStatus.InputRequired"/>), as it wrote it.</summary>
    public InputRequiredResult? Input { get; }

    /// <summary>The kind of failure, for mapping to protocol errors and status codes.</summary>
    public ToolCallFault Fault { get; }

    /// <summary>The client capabilities the upstream requires, with <see cref="ToolCallFault.MissingClientCapability"/>.</summary>
    public ClientCapabilities? RequiredCapabilities { get; private init; }

    /// <summary>True when the upstream may have run the call but the gateway does not know (a probe can settle it).</summary>
    public bool IsOutcomeUnknown => Fault is ToolCallFault.OutcomeUnknown;

    /// <summary>The upstream answered (its result may still carry <c>isError</c>).</summary>
    public static ToolCallOutcome Completed(CallToolResult result) =>
        new(result.IsError == true ? ToolCallStatus.Failed : ToolCallStatus.Completed, result, null, ToolCallFault.None);

    /// <summary>An outcome that carries a result under another status (replayed, reconciled).</summary>
    public static ToolCallOutcome WithResult(ToolCallStatus status, CallToolResult result, string? message = null) =>
        new(status, result, message, ToolCallFault.None);

    /// <summary>The call failed before or while reaching the upstream.</summary>
    public static ToolCallOutcome Failed(ToolCallFault fault, string message) =>
        new(ToolCallStatus.Failed, null, message, fault);

    /// <summary>The upstream refused the call for a client capability the caller did not declare; nothing ran.</summary>
    public static ToolCallOutcome MissingCapability(ClientCapabilities required, string message) =>
        new(ToolCallStatus.Failed, null, message, ToolCallFault.MissingClientCapability) { RequiredCapabilities = required };

    /// <summary>A stage refused the call (denied, blocked) with the fault the surfaces map.</summary>
    public static ToolCallOutcome Refused(ToolCallStatus status, ToolCallFault fault, string message) =>
        new(status, null, message, fault);

    /// <summary>An outcome with a non-completed status and an explanation.</summary>
    public static ToolCallOutcome WithStatus(ToolCallStatus status, string message) =>
        new(status, null, message, ToolCallFault.None);

    /// <summary>The upstream needs the caller's input (<see cref="ToolCallStatus.InputRequired"/>).</summary>
    public static ToolCallOutcome InputRequired(InputRequiredResult input) =>
        new(ToolCallStatus.InputRequired, null, "The upstream needs the caller's input to go on.", ToolCallFault.None, input);

    /// <summary>The call was cancelled by the caller.</summary>
    public static ToolCallOutcome Cancelled(string message) =>
        new(ToolCallStatus.Cancelled, null, message, ToolCallFault.None);
}
