using System.Diagnostics;
using System.Text.RegularExpressions;

namespace McpGateway.IntegrationTests.Cli;

/// <summary>
/// The .NET tool package the repo builds installs with <c>dotnet tool install</c> (into a temporary tool path, offline
/// from a local package folder) and the installed <c>mcpgw</c> says the package's version.
/// </summary>
public sealed partial class ToolInstallTests : IDisposable
{
    private readonly TempDirectory _dir = new("mcpgw-tool-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ToolPackage_InstalledOffline_RunsAndSaysThePackagesVersion()
    {
        var packages = Path.Combine(_dir.Path, "packages");
        var project = Path.Combine(TestPaths.RepoRoot, "src", "McpGateway", "McpGateway.csproj");

        // The portable package from the build the tests run against (build/release.sh adds the ReadyToRun linux-x64 one).
        var pack = await RunAsync("dotnet", "pack", project, "-c", TestPaths.Configuration, "--no-build", "-o", packages, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var package = Assert.Single(Directory.GetFiles(packages, "mcpgw.*.nupkg"));
        var version = PackageVersion().Match(Path.GetFileName(package)).Groups[1].Value;
        var config = Path.Combine(_dir.Path, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_dir.Path, "tools");

        var install = await RunAsync("dotnet", "tool", "install", "mcpgw", "--tool-path", tools, "--configfile", config, "--version", version);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        var installed = await RunAsync(Path.Combine(tools, "mcpgw"), "--version");
        var built = await CliRunner.RunAsync(_dir.Path, "--version");

        Assert.Equal(0, installed.ExitCode);
        Assert.Equal(version, installed.Stdout.Trim());
        Assert.Equal(built.Stdout.Trim(), installed.Stdout.Trim());
    }

    [GeneratedRegex(@"^mcpgw\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PackageVersion();

    /// <summary>Runs a process with its own NuGet cache, so an installed package never comes from an earlier run's cache.</summary>
    private async Task<CliRun> RunAsync(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir.Path,
        };
        psi.Environment["NUGET_PACKAGES"] = Path.Combine(_dir.Path, "nuget-cache");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not exit within 10 minutes.\n{await stdout}\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
