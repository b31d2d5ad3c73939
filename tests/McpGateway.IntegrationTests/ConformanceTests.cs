using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests;

/// <summary>
/// The official MCP conformance suite (server scenarios, tests/conformance/run.sh) against the scenario server
/// directly and through the gateway's <c>/c/{connector}/mcp</c>: every scenario that passes directly must pass
/// through the gateway.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private const string Connector = "scenarios";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(5);

    private static string ScenarioServer => Path.Combine(TestPaths.ConformanceDir, "scenario-server.mjs");

    [NpmFact]
    public async Task ConnectorEndpoint_StdioScenarioUpstream_PassesEveryScenarioPassingDirectly() =>
        await AssertGatewayPassesWhatUpstreamPassesAsync(_ => TestConfigs.Header + StdioScenarioConnector(Connector));

    [NpmFact]
    public async Task ConnectorEndpoint_HttpScenarioUpstream_PassesEveryScenarioPassingDirectly() =>
        await AssertGatewayPassesWhatUpstreamPassesAsync(upstreamUrl => TestConfigs.Header + TestConfigs.HttpUpstream(Connector, upstreamUrl));

    /// <summary>
    /// The scenario server sends its last progress notification right before the result; tools-call-with-progress
    /// lost it through the gateway in 45-90% of runs, so one run of the full suite does not show it reliably.
    /// </summary>
    [NpmFact]
    public async Task ConnectorEndpoint_ProgressSentRightBeforeResult_EveryNotificationReachesClientBeforeResult()
    {
        const string Scenario = "tools-call-with-progress";
        const int Runs = 5;
        var work = Directory.CreateTempSubdirectory("mcpgw-conformance-").FullName;
        await using var upstream = await StartScenarioServerAsync();
        var yaml = TestConfigs.Header + StdioScenarioConnector(Connector) + TestConfigs.HttpUpstream("scenarios-http", upstream.Url);
        await using var gateway = await GatewayProcess.StartAsync(yaml, Connector, "scenarios-http");
        var endpoints = new[] { upstream.Url, gateway.Url($"/c/{Connector}/mcp").ToString(), gateway.Url("/c/scenarios-http/mcp").ToString() };

        var failures = new Dictionary<string, List<string>>();
        foreach (var url in endpoints)
        {
            failures[url] = [];
            for (var run = 0; run < Runs; run++)
            {
                var summary = await RunSuiteAsync(url, Path.Combine(work, $"{failures.Count}-{run}.json"), Scenario, quiet: true);
                if (summary.Scenarios.Any(s => !s.Passed))
                {
                    failures[url].Add(string.Join("; ", summary.Scenarios.SelectMany(s => s.Errors)));
                }
            }

            output.WriteLine($"{Scenario} at {url}: {Runs - failures[url].Count} of {Runs} runs passed");
        }

        Assert.True(failures[upstream.Url].Count == 0, $"{Scenario} fails against the scenario server directly: {string.Join("; ", failures[upstream.Url])}");
        Assert.True(
            failures.Values.All(f => f.Count == 0),
            $"{Scenario} failed through the gateway (raw results in {work}):\n" +
            string.Join("\n", failures.Where(f => f.Value.Count > 0).Select(f => $"  {f.Key}: {f.Value.Count} of {Runs} runs, e.g. {f.Value[0]}")));
        Directory.Delete(work, recursive: true);
    }

    /// <param name="gatewayConfig">connectors.yaml for the gateway, given the URL of the HTTP scenario server.</param>
    private async Task AssertGatewayPassesWhatUpstreamPassesAsync(Func<string, string> gatewayConfig)
    {
        var work = Directory.CreateTempSubdirectory("mcpgw-conformance-").FullName;
        await using var upstream = await StartScenarioServerAsync();
        var direct = await RunSuiteAsync(upstream.Url, Path.Combine(work, "direct.json"));

        await using var gateway = await GatewayProcess.StartAsync(gatewayConfig(upstream.Url), Connector);
        var gatewayUrl = gateway.Url($"/c/{Connector}/mcp").ToString();
        var throughGateway = await RunSuiteAsync(gatewayUrl, Path.Combine(work, "gateway.json"));

        output.WriteLine($"conformance direct {upstream.Url}: {direct.Passed} passed, {direct.Failed} failed");
        output.WriteLine($"conformance through the gateway {gatewayUrl}: {throughGateway.Passed} passed, {throughGateway.Failed} failed");
        var regressions = direct.Scenarios
            .Where(s => s.Passed)
            .Select(s => throughGateway.Scenarios.FirstOrDefault(g => g.Name == s.Name) ?? new ScenarioResult(s.Name, false, ["not run through the gateway"]))
            .Where(g => !g.Passed)
            .ToList();
        if (regressions.Count > 0)
        {
            output.WriteLine($"raw results (checks.json per scenario): {work}");
            output.WriteLine("gateway output:\n" + gateway.Output);
        }

        Assert.True(direct.Passed > 0, $"No scenario passed against the scenario server directly, so the comparison proves nothing; see {work}.");
        Assert.True(
            regressions.Count == 0,
            $"{regressions.Count} scenario(s) pass directly but fail through the gateway (raw results in {work}):\n" +
            string.Join("\n", regressions.Select(r => $"  {r.Name}: {string.Join("; ", r.Errors)}")));
        Directory.Delete(work, recursive: true);
    }

    /// <summary>The scenario server as a stdio connector (the gateway starts it).</summary>
    private static string StdioScenarioConnector(string name) => $"""
          {name}:
            kind: mcp-stdio
            command: node
            args: [{JsonSerializer.Serialize(ScenarioServer)}, "stdio"]

        """;

    /// <summary>Runs run.sh against <paramref name="url"/> (every server scenario, or only <paramref name="scenario"/>) and reads the summary it writes.</summary>
    private async Task<SuiteSummary> RunSuiteAsync(string url, string summaryPath, string? scenario = null, bool quiet = false)
    {
        var environment = new Dictionary<string, string> { ["CONFORMANCE_TIMEOUT"] = ((int)SuiteTimeout.TotalSeconds - 30).ToString(CultureInfo.InvariantCulture) };
        if (scenario is not null)
        {
            environment["CONFORMANCE_SCENARIOS"] = scenario;
        }

        await using var run = ChildProcess.Start("bash", [Path.Combine(TestPaths.ConformanceDir, "run.sh"), url, summaryPath], environment);
        var exitCode = await run.WaitForExitAsync(SuiteTimeout);
        if (!quiet)
        {
            output.WriteLine($"$ run.sh {url}\n{run.Output}");
        }

        Assert.True(exitCode == 0, $"run.sh {url} exited with {exitCode}:\n{run.Output}");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        var scenarios = root.GetProperty("scenarios").EnumerateArray()
            .Select(s => new ScenarioResult(
                s.GetProperty("name").GetString()!,
                s.GetProperty("passed").GetBoolean(),
                s.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList()))
            .ToList();
        return new SuiteSummary(root.GetProperty("passed").GetInt32(), root.GetProperty("failed").GetInt32(), scenarios);
    }

    /// <summary>scenario-server.mjs over Streamable HTTP on a free 127.0.0.1 port.</summary>
    private static async Task<ScenarioServerProcess> StartScenarioServerAsync()
    {
        var port = FreePort();
        var process = ChildProcess.Start("bash", [Path.Combine(TestPaths.ConformanceDir, "start-upstream.sh"), "http", port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await process.WaitForLineAsync("scenario-server listening on ", StartTimeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new ScenarioServerProcess(process, $"http://127.0.0.1:{port}/mcp");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ScenarioResult(string Name, bool Passed, IReadOnlyList<string> Errors);

    private sealed record SuiteSummary(int Passed, int Failed, IReadOnlyList<ScenarioResult> Scenarios);

    private sealed record ScenarioServerProcess(ChildProcess Process, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    /// <summary>A child process with its stdout and stderr captured, killed with its tree when disposed.</summary>
    private sealed class ChildProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly List<(string Prefix, TaskCompletionSource Seen)> _waiters = [];

        private ChildProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ChildProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
        {
            var psi = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = TestPaths.ConformanceDir,
            };
            foreach (var arg in args)
            {
                psi.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                psi.Environment[key] = value;
            }

            var child = new ChildProcess(new Process { StartInfo = psi });
            child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
            child._process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
            child._process.Start();
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        /// <summary>Waits until a line starting with <paramref name="prefix"/> appears; fails if the process exits first or time runs out.</summary>
        public async Task WaitForLineAsync(string prefix, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_output)
            {
                if (_output.ToString().Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    return;
                }

                _waiters.Add((prefix, seen));
            }

            var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
            if (first != seen.Task)
            {
                throw new InvalidOperationException($"'{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}' did not print '{prefix}' within {timeout}:\n{Output}");
            }
        }

        /// <summary>The exit code; kills the process tree and fails if it runs longer than <paramref name="timeout"/>.</summary>
        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{string.Join(' ', _process.StartInfo.ArgumentList)}' did not finish within {timeout}:\n{Output}");
            }

            // The parameterless overload waits until the redirected streams are drained.
            await _process.WaitForExitAsync();
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // never started
            }

            _process.Dispose();
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
                foreach (var (prefix, seen) in _waiters.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)))
                {
                    seen.TrySetResult();
                }
            }
        }
    }
}
