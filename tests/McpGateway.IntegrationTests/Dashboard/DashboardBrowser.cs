using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace McpGateway.IntegrationTests.Dashboard;

/// <summary>
/// Headless Debian Chromium driven through its chromedriver, with its own profile directory, and waits that name
/// what they waited for and show what the page said when they time out.
/// </summary>
internal sealed class DashboardBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _profileDir;
    private readonly ChromeDriver _driver;

    private DashboardBrowser(string profileDir, ChromeDriver driver)
    {
        _profileDir = profileDir;
        _driver = driver;
    }

    public static DashboardBrowser Start()
    {
        var profileDir = Directory.CreateTempSubdirectory("mcpgw-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1400,1000", "--no-first-run", "--user-data-dir=" + profileDir);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new DashboardBrowser(profileDir, new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    public void Open(Uri url) => _driver.Navigate().GoToUrl(url);

    /// <summary>The element with <c>data-testid</c> <paramref name="testId"/> once it is displayed.</summary>
    public IWebElement Visible(string testId) => Visible(By.CssSelector($"[data-testid='{testId}']"), testId);

    public IWebElement Visible(By by, string what) => Until(d => d.FindElement(by) is { Displayed: true } e ? e : null, what);

    /// <summary>
    /// Clicks <paramref name="testId"/> once it is displayed. A page that re-renders while it follows a run can replace the
    /// element between finding and clicking it: the click is then made on the new one.
    /// </summary>
    public void Click(string testId) => Until(
        d =>
        {
            if (d.FindElement(By.CssSelector($"[data-testid='{testId}']")) is not { Displayed: true } e)
            {
                return null;
            }

            e.Click();
            return testId;
        },
        testId);

    /// <summary>Waits until the displayed text of <paramref name="testId"/> satisfies <paramref name="condition"/> and returns it.</summary>
    public string TextWhen(string testId, Func<string, bool> condition, string what) =>
        Until(d => d.FindElement(By.CssSelector($"[data-testid='{testId}']")) is { Displayed: true } e && condition(e.Text) ? e.Text : null, what);

    public IReadOnlyCollection<IWebElement> All(string css) => _driver.FindElements(By.CssSelector(css));

    public object? Script(string javascript) => _driver.ExecuteScript(javascript);

    public T Until<T>(Func<IWebDriver, T?> condition, string what)
        where T : class
    {
        var wait = new WebDriverWait(_driver, Timeout) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(d => condition(d))!;
        }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}. The page showed:\n{PageText()}");
        }
    }

    /// <summary>The folder screenshots are kept in: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotDir => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Saves what the page shows now as <c>{name}.png</c> in <see cref="ScreenshotDir"/>; returns its path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var path = Path.Combine(ScreenshotDir, name + ".png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public string PageText()
    {
        try
        {
            return _driver.FindElement(By.TagName("body")).Text;
        }
        catch (WebDriverException ex)
        {
            return "(page text unavailable: " + ex.Message + ")";
        }
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        try
        {
            Directory.Delete(_profileDir, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last child may still hold a file for a moment; the temp dir is cleaned eventually.
        }
    }
}
