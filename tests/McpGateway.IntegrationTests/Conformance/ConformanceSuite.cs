using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace McpGateway.IntegrationTests.Conformance;

/// <summary>Runs <c>tests/conformance/run.sh</c> (the official suite, one requirement set) against a URL and reads its summary.</summary>
internal static class ConformanceSuite
{
    public const string Revision2025 = "2025-11-25";
    public const string Revision2026 = "2026-07-28";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs one requirement set (or one of its scenarios) against <paramref name="url"/>; fails if run.sh could not run.</summary>
    /// <param name="requirements"><see cref="Revision2025"/> or <see cref="Revision2026"/>.</param>
    /// <param name="url">The MCP endpoint under test.</param>
    /// <param name="summaryPath">Where run.sh writes its summary (raw results beside it).</param>
    /// <param name="scenario">Only this scenario, else the whole requirement set.</param>
    public static async Task<(ConformanceSummary Summary, string Output)> RunAsync(
        string requirements, string url, string summaryPath, string? scenario = null)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.ConformanceDir,
        };
        foreach (var arg in new[] { Path.Combine(TestPaths.ConformanceDir, "run.sh"), "--requirements", requirements, url, summaryPath })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["CONFORMANCE_TIMEOUT"] = ((int)RunTimeout.TotalSeconds - 30).ToString(CultureInfo.InvariantCulture);
        if (scenario is not null)
        {
            psi.Environment["CONFORMANCE_SCENARIOS"] = scenario;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(RunTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"run.sh {url} did not finish within {RunTimeout}:\n{Text(output)}");
            }
        }

        // The parameterless overload waits until the redirected streams are drained.
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"run.sh --requirements {requirements} {url} exited with {process.ExitCode}:\n{Text(output)}");
        return (ConformanceSummary.Parse(await File.ReadAllTextAsync(summaryPath)), Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
