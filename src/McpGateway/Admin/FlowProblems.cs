using McpGateway.Flows.Model;

namespace McpGateway.Admin;

/// <summary>Maps a refused flow operation to ProblemDetails: not found 404, conflict and not runnable 409, invalid 422 (with the itemised errors).</summary>
internal static class FlowProblems
{
    public static IResult From(FlowError error) => Problems.Create(
        StatusFor(error),
        error.Code switch
        {
            FlowErrorCodes.NotFound => "Not Found",
            FlowErrorCodes.Invalid => "Unprocessable Entity",
            _ => "Conflict",
        },
        error.Message,
        new Dictionary<string, object?> { ["code"] = error.Code, ["errors"] = error.Errors ?? [] });

    public static int StatusFor(FlowError error) => error.Code switch
    {
        FlowErrorCodes.NotFound => 404,
        FlowErrorCodes.Invalid => 422,
        _ => 409,
    };

    public static IResult Result<T>(FlowResult<T> result, Func<T, IResult> ok)
        where T : class => result.Ok ? ok(result.Value!) : From(result.Error!);
}
