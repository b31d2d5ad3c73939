namespace McpGateway.Dashboard;

/// <summary>
/// The approvals web dashboard: one static page (<c>GET /dashboard/approvals</c>) with its scripts and style sheet under
/// <c>/dashboard/assets/</c>, embedded in the assembly. The page holds no data of its own; the browser calls the
/// approvals REST API (<c>/v1/approvals</c>) with the operator's API key, so the API's authentication and scopes apply.
/// </summary>
internal static class DashboardEndpoints
{
    private const string PagePath = "/dashboard/approvals";

    private static readonly string[] Assets = ["approvals.js", "approvals-api.js", "approvals-diff.js", "approvals.css"];

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var page = DashboardAsset.Load("approvals.html");
        app.MapGet("/dashboard", RedirectToPage);
        app.MapGet(PagePath, (HttpContext http) =>
            // Routing also matches "/dashboard/approvals/", where the page's relative URLs would resolve one level too deep.
            http.Request.Path.Value!.EndsWith('/') ? RedirectToPage(http) : page.WriteAsync(http));
        foreach (var name in Assets)
        {
            app.MapGet("/dashboard/assets/" + name, DashboardAsset.Load(name).WriteAsync);
        }
    }

    private static Task RedirectToPage(HttpContext http)
    {
        http.Response.Redirect(http.Request.PathBase + PagePath);
        return Task.CompletedTask;
    }
}
