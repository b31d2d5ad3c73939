namespace McpGateway.IntegrationTests.Dashboard;

/// <summary>
/// A fact that drives Debian's Chromium through chromedriver. Without them the test is reported skipped, not silently
/// passed; CI installs both (<c>apt-get install chromium chromium-driver</c> in .ci/run).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        var missing = new[] { DashboardBrowser.ChromiumPath, DashboardBrowser.DriverPath }.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} missing: apt-get install chromium chromium-driver (.ci/run does)";
        }
    }
}
