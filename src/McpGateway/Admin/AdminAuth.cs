using McpGateway.Auth;
using McpGateway.Policy.Keys;

namespace McpGateway.Admin;

/// <summary>Authenticates an admin API request and checks one scope: 401 without a valid key (when auth is on), 403 without the scope.</summary>
internal static class AdminAuth
{
    public static async ValueTask<(ApiKey? Key, IResult? Refusal)> RequireAsync(HttpContext http, string scope)
    {
        var authenticator = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        var auth = await RequestAuth.ForAsync(http.Request, authenticator, http.RequestAborted);
        if (!auth.Ok)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", auth.Problem!));
        }

        if (auth.Key is { } key && !Scopes.Allows(key.Scopes, scope))
        {
            return (key, Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"Key '{key.Name}' lacks the {scope} scope."));
        }

        return (auth.Key, null);
    }
}
