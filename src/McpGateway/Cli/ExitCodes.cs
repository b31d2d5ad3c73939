namespace McpGateway.Cli;

/// <summary>The CLI's exit codes (README, "Exit codes"); every command maps the REST status or outcome to one.</summary>
internal static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Ok = 0;

    /// <summary>Failed: the gateway is unreachable or answered 5xx or a conflict, the call or run failed.</summary>
    public const int Error = 1;

    /// <summary>Bad usage: unknown command or option, bad config, input the gateway refused (400, 422).</summary>
    public const int Usage = 2;

    /// <summary>What was named does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>Held for approval: the call (or the run) waits for a human decision.</summary>
    public const int HeldForApproval = 4;

    /// <summary>Denied or blocked: no key or a missing scope (401, 403), a policy deny, a blocked call.</summary>
    public const int Denied = 5;

    /// <summary><c>mcpgw status</c>: the gateway answers but a connector is not connected.</summary>
    public const int Degraded = 6;

    /// <summary><c>runs watch</c>: the run ended CANCELED.</summary>
    public const int RunCanceled = 7;

    /// <summary><c>runs watch</c>: the run ended TIMEOUT.</summary>
    public const int RunTimedOut = 8;

    /// <summary>The exit code for how a run ended: SUCCEEDED 0, CANCELED 7, TIMEOUT 8, FAILED (or unknown) 1.</summary>
    public static int FromRunStatus(string? status) => status switch
    {
        "SUCCEEDED" => Ok,
        "CANCELED" => RunCanceled,
        "TIMEOUT" => RunTimedOut,
        _ => Error,
    };

    /// <summary>The exit code for an HTTP status of the gateway's REST API.</summary>
    public static int FromHttpStatus(int status) => status switch
    {
        >= 200 and < 300 => Ok,
        400 or 422 => Usage,
        401 or 403 => Denied,
        404 => NotFound,
        _ => Error,
    };

    /// <summary>The exit code for a tool call's outcome (<c>status</c> of <c>/v1/call</c>'s execution), or null when the HTTP status decides.</summary>
    public static int? FromCallStatus(string? status) => status switch
    {
        "completed" or "replayed" or "reconciled" => Ok,
        "pending_approval" => HeldForApproval,
        "denied" or "blocked" => Denied,
        _ => null,
    };
}
