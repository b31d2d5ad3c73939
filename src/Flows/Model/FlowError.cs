namespace McpGateway.Flows.Model;

/// <summary>Why a flow operation or run start was refused: a value, not an exception (mapped to 4xx by the host).</summary>
/// <param name="Code">One of <see cref="FlowErrorCodes"/>.</param>
/// <param name="Message">A sentence naming what is wrong.</param>
/// <param name="Errors">Itemised findings (validation errors with step key and path, schema violations).</param>
public sealed record FlowError(string Code, string Message, IReadOnlyList<string>? Errors = null);
