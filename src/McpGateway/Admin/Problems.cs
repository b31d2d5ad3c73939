namespace McpGateway.Admin;

/// <summary>ProblemDetails answers (RFC 9457) for the admin API.</summary>
internal static class Problems
{
    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
