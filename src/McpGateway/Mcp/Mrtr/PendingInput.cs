using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Mrtr;

/// <summary>An upstream's request waiting in a <see cref="HeldExchange"/> for the client's answer.</summary>
/// <param name="Round">The exchange's round that asks it (1 for the first).</param>
/// <param name="Key">Its key in the client's <c>inputRequests</c> and <c>inputResponses</c>.</param>
/// <param name="Request">The request, as the client gets it.</param>
internal sealed record PendingInput(int Round, string Key, InputRequest Request)
{
    /// <summary>Completed with the client's answer, or cancelled with the call.</summary>
    public TaskCompletionSource<InputResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
