namespace McpGateway.Flows.Model;

/// <summary>A value or the reason there is none.</summary>
public sealed record FlowResult<T>(T? Value, FlowError? Error)
    where T : class
{
    /// <summary>True when <see cref="Value"/> is set.</summary>
    public bool Ok => Error is null;

}

/// <summary>Builds <see cref="FlowResult{T}"/> values.</summary>
public static class FlowResult
{
    /// <summary>A success.</summary>
    public static FlowResult<T> Success<T>(T value)
        where T : class => new(value, null);

    /// <summary>A refusal.</summary>
    public static FlowResult<T> Fail<T>(string code, string message, IReadOnlyList<string>? errors = null)
        where T : class => new(null, new FlowError(code, message, errors));
}
