namespace McpGateway.Dashboard;

/// <summary>
/// The web console and the approvals page, embedded in the assembly. The console is one shell page served at
/// <c>/console/{page}</c> that loads <c>page-{page}.js</c>; the approvals page is its own page at
/// <c>/dashboard/approvals</c>. Neither holds data of its own: the browser calls the REST API with the operator's API key,
/// so the API's authentication and scopes apply. <c>/</c> redirects to the console.
/// </summary>
internal static class DashboardEndpoints
{
    private const string PagePath = "/dashboard/approvals";
    private const string ConsoleHome = "/console/connectors";

    // The approvals page's own scripts; it shares the console's stylesheet and API script (console.css, console-api.js).
    private static readonly string[] Assets = ["approvals.js", "approvals-diff.js"];

    private static readonly string[] ConsolePages = ["connectors", "tools", "runs", "executions", "flows", "keys", "servers", "limits"];

    private static readonly string[] ConsoleAssets =
        ["console.js", "console-api.js", "console-ui.js", "flow-graph.js", "console.css", .. ConsolePages.Select(p => $"page-{p}.js")];

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

        var shell = DashboardAsset.Load("console.html");
        app.MapGet("/", RedirectToConsole);
        app.MapGet("/console", RedirectToConsole);
        foreach (var name in ConsolePages)
        {
            app.MapGet("/console/" + name, (HttpContext http) => http.Request.Path.Value!.EndsWith('/') ? RedirectToConsole(http) : shell.WriteAsync(http));
        }

        foreach (var name in ConsoleAssets)
        {
            app.MapGet("/console/assets/" + name, DashboardAsset.Load(name).WriteAsync);
        }
    }

    private static Task RedirectToPage(HttpContext http)
    {
        http.Response.Redirect(http.Request.PathBase + PagePath);
        return Task.CompletedTask;
    }

    private static Task RedirectToConsole(HttpContext http)
    {
        http.Response.Redirect(http.Request.PathBase + ConsoleHome);
        return Task.CompletedTask;
    }
}
