namespace McpGateway.Dashboard;

/// <summary>
/// The approvals web dashboard: one static page (<c>GET /dashboard/approvals</c>) with its script and style sheet,
/// embedded in the assembly. The page holds no data of its own; the browser calls the approvals REST API
/// (<c>/v1/approvals</c>) with the operator's API key, so the API's authentication and scopes apply unchanged.
/// </summary>
internal static class DashboardEndpoints
{
    private const string PagePath = "/dashboard/approvals";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var page = DashboardAsset.Load("approvals.html", "text/html; charset=utf-8");
        var script = DashboardAsset.Load("approvals.js", "text/javascript; charset=utf-8");
        var styles = DashboardAsset.Load("approvals.css", "text/css; charset=utf-8");

        app.MapGet("/dashboard", (HttpContext http) => RedirectToPage(http));
        app.MapGet(PagePath, (HttpContext http) =>
            // Routing also matches "/dashboard/approvals/", where the page's relative URLs would resolve one level too deep.
            http.Request.Path.Value!.EndsWith('/') ? RedirectToPage(http) : page.WriteAsync(http));
        app.MapGet("/dashboard/assets/approvals.js", script.WriteAsync);
        app.MapGet("/dashboard/assets/approvals.css", styles.WriteAsync);
    }

    private static Task RedirectToPage(HttpContext http)
    {
        http.Response.Redirect(http.Request.PathBase + PagePath);
        return Task.CompletedTask;
    }
}
