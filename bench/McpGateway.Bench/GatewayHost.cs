using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.Bench;

/// <summary>
/// The gateway (<c>mcpgw serve</c>) in a temporary directory, with one stdio connector <c>demo</c> running
/// TestUpstream and the embedded SQLite journal on (the default).
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private GatewayHost(ChildProcess process, string directory, Uri baseUri)
    {
        _process = process;
        _directory = directory;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri McpEndpoint => new(BaseUri, "/mcp");

    /// <summary>One connector's own endpoint, <c>/c/{connector}/mcp</c> (its tools by their upstream names).</summary>
    public Uri ConnectorEndpoint(string connector) => new(BaseUri, $"/c/{connector}/mcp");

    public int ProcessId => _process.Id;

    /// <summary>The gateway, then its stdio upstream.</summary>
    public IReadOnlyList<int> ServerProcesses() => [ProcessId, .. ProcessTree.ChildrenOf(ProcessId, "TestUpstream.dll")];

    /// <summary>The demo connector's endpoint, where the front comparison calls <c>echo</c>.</summary>
    public Uri DemoEndpoint => ConnectorEndpoint("demo");

    /// <summary>Lines the gateway has written to stdout and stderr (its console log).</summary>
    public long OutputLines => _process.OutputLines;

    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The API key of a full-pipeline gateway (null for the pass-through one).</summary>
    public string? ApiKey { get; private set; }

    /// <summary>
    /// Starts a gateway; <paramref name="full"/> turns every stage on (keys, two rules, schema, idempotency keys).
    /// <paramref name="limits"/> adds rate limits to the full pipeline (a request and a concurrency limit per agent, high
    /// enough never to refuse). <paramref name="front"/> (<c>endpoint</c> or <c>mapmcp</c>) starts the same gateway composed by the bench's front
    /// host (bench/McpGateway.Bench.MapMcp) with that MCP front, instead of mcpgw.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        BenchPaths paths, IReadOnlyDictionary<string, string> environment, HttpClient http, CancellationToken ct, bool full = false, string? front = null,
        string? postgres = null, bool limits = false)
    {
        if (front is not null && !File.Exists(paths.FrontHostDll))
        {
            throw new FileNotFoundException($"missing Release build {paths.FrontHostDll}\nbuild it first: dotnet build -c Release bench/McpGateway.Bench.MapMcp");
        }

        var directory = Directory.CreateTempSubdirectory("mcpgw-bench-").FullName;
        var config = Path.Combine(directory, "connectors.yaml");
        await File.WriteAllTextAsync(config, full ? FullConfig(paths, limits) : $"""
            gateway:
              data_dir: ./data
              max_sessions: 5000{(postgres is null ? "" : $"\n  storage: postgres\n  postgres: {JsonSerializer.Serialize(postgres)}")}
            connectors:
              demo:
                kind: mcp-stdio
                command: dotnet
                args: [{JsonSerializer.Serialize(paths.UpstreamDll)}]
            """, ct);
        var apiKey = full ? await CreateKeyAsync(paths, config, ct) : null;
        var (process, url) = await ChildProcess.StartAsync(
            "gateway",
            front is null ? paths.GatewayDll : paths.FrontHostDll,
            front is null ? ["serve", "--config", config, "--listen", "http://127.0.0.1:0"] : ["--front", front, "--config", config, "--listen", "http://127.0.0.1:0"],
            environment, TimeSpan.FromSeconds(60), ct);
        var host = new GatewayHost(process, directory, new Uri(url.TrimEnd('/') + "/")) { ApiKey = apiKey };
        try
        {
            await host.WaitConnectedAsync(http, ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    // Two rules that are evaluated on every call and match none of the echo calls; echo's schema requires "text".
    private static string FullConfig(BenchPaths paths, bool limits) => $$"""
        gateway:
          data_dir: ./data
          max_sessions: 5000
          auth: keys
        policy:{{(limits ? Limits : "")}}
          rules:
            - when: "tool == 'demo__charge' and args.amount > 1000"
              action: require_approval
              reason: large charges
            - when: "agent != 'bench' and tool in ['demo__crm_update', 'demo__set_invoice']"
              action: deny
              reason: only the bench agent
        connectors:
          demo:
            kind: mcp-stdio
            command: dotnet
            args: [{{JsonSerializer.Serialize(paths.UpstreamDll)}}]
        """;

    // Counted on every call, never reached: one store write per call for the window, two for the slot.
    private const string Limits = """

          limits:
            - { name: bench-rate, by: agent, requests: 1000000, per: 1h }
            - { name: bench-slots, by: agent, concurrent: 1000 }
        """;

    private static async Task<string> CreateKeyAsync(BenchPaths paths, string config, CancellationToken ct)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { paths.GatewayDll, "keys", "create", "--config", config, "--name", "bench", "--agent", "bench", "--scopes", "tools:call,tools:read" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var key = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? key.Trim() : throw new InvalidOperationException("mcpgw keys create failed: " + error);
    }

    public async Task<int> SessionCountAsync(HttpClient http, CancellationToken ct)
    {
        using var status = await StatusAsync(http, ct);
        return status.RootElement.GetProperty("sessions").GetInt32();
    }

    /// <summary><c>/v1/status</c>, with the key when there is one (it needs <c>tools:read</c> under <c>auth: keys</c>).</summary>
    private async Task<JsonDocument> StatusAsync(HttpClient http, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, "/v1/status"));
        if (ApiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        }

        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonDocument>(ct))!;
    }

    /// <summary>Bytes of the journal's SQLite files (database, WAL and shared memory).</summary>
    public long JournalBytes() =>
        Directory.Exists(DataDirectory)
            ? new DirectoryInfo(DataDirectory).EnumerateFiles("*.db*").Sum(f => f.Length)
            : 0;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task WaitConnectedAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var status = await StatusAsync(http, ct);
            var connectors = status.RootElement.GetProperty("connectors");
            if (connectors.GetArrayLength() > 0 && connectors.EnumerateArray().All(c => c.GetProperty("state").GetString() == "connected"))
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"the gateway's connector did not connect within 60 s:\n{_process.StderrTail()}");
    }
}
