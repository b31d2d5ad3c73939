using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpGateway.IntegrationTests;

/// <summary>The real gateway as a child process (<c>mcpgw serve</c> on 127.0.0.1:0), with its own temp directory.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ListeningProcess _children = new();
    private readonly bool _ownsDir;
    private readonly string _listen;
    private Process _process = null!;

    private GatewayProcess(string dir, IReadOnlyDictionary<string, string>? environment, bool ownsDir = true, string listen = "http://127.0.0.1:0")
    {
        Dir = dir;
        Environment = environment ?? new Dictionary<string, string>();
        _ownsDir = ownsDir;
        _listen = listen;
    }

    /// <summary>Extra environment variables for the gateway process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Dir { get; }

    public string ConfigPath => Path.Combine(Dir, "connectors.yaml");

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Output => _children.Output;

    public static Task<GatewayProcess> StartAsync(string yaml, params string[] waitForConnectors) =>
        StartAsync(yaml, null, waitForConnectors);

    public static Task<GatewayProcess> StartAsync(string yaml, IReadOnlyDictionary<string, string>? environment, params string[] waitForConnectors) =>
        StartOnAsync(yaml, "http://127.0.0.1:0", environment, waitForConnectors);

    /// <summary>Starts the gateway listening on <paramref name="listen"/> (a fixed port survives <see cref="RestartAsync"/>).</summary>
    public static async Task<GatewayProcess> StartOnAsync(string yaml, string listen, IReadOnlyDictionary<string, string>? environment, params string[] waitForConnectors)
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-test-").FullName;
        var gateway = new GatewayProcess(dir, environment, listen: listen);
        await File.WriteAllTextAsync(gateway.ConfigPath, yaml);
        if (yaml.Contains("auth: keys", StringComparison.Ordinal))
        {
            // /v1/status needs tools:read under auth: keys; the harness reads it with a key of its own (named per process:
            // replicas on one PostgreSQL database share the key table).
            var run = await CliRunner.RunAsync(dir, "keys", "create", "--config", gateway.ConfigPath, "--name", "test-harness-status-" + Guid.NewGuid().ToString("N")[..8],
                "--agent", "test-harness", "--scopes", "tools:read");
            Assert.True(run.ExitCode == 0, run.Stderr);
            gateway.StatusKey = run.Stdout.Trim();
        }

        await gateway.StartProcessAsync();
        await gateway.WaitConnectedAsync(waitForConnectors);
        return gateway;
    }

    /// <summary>
    /// Starts a second gateway process on this one's directory (same config, same stores) while this one runs, as
    /// <c>mcpgw stdio</c> beside <c>mcpgw serve</c> or a second replica on one host would. It leaves the directory alone
    /// when disposed.
    /// </summary>
    public Task<GatewayProcess> StartBesideAsync(params string[] waitForConnectors) => StartBesideOnAsync("http://127.0.0.1:0", waitForConnectors);

    /// <summary><see cref="StartBesideAsync"/>, listening on <paramref name="listen"/>.</summary>
    public async Task<GatewayProcess> StartBesideOnAsync(string listen, params string[] waitForConnectors)
    {
        var beside = new GatewayProcess(Dir, Environment, ownsDir: false, listen: listen) { StatusKey = StatusKey };
        await beside.StartProcessAsync();
        await beside.WaitConnectedAsync(waitForConnectors);
        return beside;
    }

    /// <summary>Starts the gateway again on the same directory (same journal), e.g. after <see cref="Kill"/>.</summary>
    public async Task RestartAsync(params string[] waitForConnectors)
    {
        await StartProcessAsync();
        await WaitConnectedAsync(waitForConnectors);
    }

    private async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Dir };
        foreach (var (key, value) in Environment)
        {
            psi.Environment[key] = value;
        }

        foreach (var arg in new[] { TestPaths.GatewayDll, "serve", "--config", ConfigPath, "--listen", _listen })
        {
            psi.ArgumentList.Add(arg);
        }

        (_process, BaseUrl) = await _children.StartAsync(psi, "The gateway");
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>The <c>tools:read</c> key the harness reads <c>/v1/status</c> with when the config says <c>auth: keys</c>.</summary>
    public string? StatusKey { get; private set; }

    public async Task<JsonElement> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/v1/status"));
        if (StatusKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StatusKey);
        }

        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> ConnectorStatusAsync(string name)
    {
        var status = await StatusAsync();
        return status.GetProperty("connectors").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);
    }

    /// <summary>Waits until each named connector reports connected.</summary>
    public async Task WaitConnectedAsync(params string[] connectors) =>
        await WaitUntilAsync(async () =>
        {
            var status = await StatusAsync();
            return connectors.All(name => status.GetProperty("connectors").EnumerateArray()
                .Any(c => c.GetProperty("name").GetString() == name && c.GetProperty("state").GetString() == "connected"));
        }, $"connectors {string.Join(", ", connectors)} to connect");

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out waiting for {what}. Gateway output:\n{Output}");
    }

    public Task<McpClient> ConnectAsync(string path = "/mcp", McpClientOptions? options = null) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Url(path), TransportMode = HttpTransportMode.StreamableHttp }),
            TestClients.Sessions(options));

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks run, as in a crash.</summary>
    /// <summary>The running process's id (as the instances table records it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>False once the process has exited (killed, or stopped).</summary>
    public bool IsRunning => !_process.HasExited;

    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        if (!_ownsDir)
        {
            return;
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
