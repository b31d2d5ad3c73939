using System.Diagnostics;

namespace McpGateway.IntegrationTests;

/// <summary>Runs an <c>mcpgw</c> command as a child process and captures its output.</summary>
internal static class CliRunner
{
    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    /// <summary>
    /// Runs with <paramref name="environment"/> added to the child's environment (a null value removes the variable).
    /// MCPGW_URL and MCPGW_KEY are never inherited from the test run: a test that wants them says so.
    /// </summary>
    public static async Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.Environment.Remove("MCPGW_URL");
        psi.Environment.Remove("MCPGW_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }

        psi.ArgumentList.Add(TestPaths.GatewayDll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"mcpgw {string.Join(' ', args)} did not exit within 60s.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a CLI run printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);
