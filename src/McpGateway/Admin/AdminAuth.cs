using McpGateway.Auth;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// The admin API's one authentication point: an endpoint filter that answers 401 without a valid key (when auth is on)
/// and 403 without the endpoint's scope, and otherwise leaves the key on the request for the handler.
/// </summary>
internal static class AdminAuth
{
    private static readonly object KeyItem = new();

    /// <summary>Requires <paramref name="scope"/> for the endpoint.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authenticator = http.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
            var auth = await RequestAuth.ForAsync(http.Request, authenticator, http.RequestAborted);
            if (!auth.Ok)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", auth.Problem!);
            }

            if (auth.Key is { } key && !Scopes.Allows(key.Scopes, scope))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"Key '{key.Name}' lacks the {scope} scope.");
            }

            http.Items[KeyItem] = auth.Key;
            return await next(context);
        });

    /// <summary>The key the request authenticated with; null when auth is off and none was sent.</summary>
    public static ApiKey? Key(HttpContext http) => http.Items.TryGetValue(KeyItem, out var key) ? key as ApiKey : null;
}
