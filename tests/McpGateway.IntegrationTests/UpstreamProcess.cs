using System.Diagnostics;

namespace McpGateway.IntegrationTests;

/// <summary>
/// TestUpstream serving Streamable HTTP (<c>--http --port N</c>) as a real child process. It can be killed and started
/// again on the same port; the new process has none of the old one's sessions, so it answers 404 to them.
/// </summary>
internal sealed class UpstreamProcess : IAsyncDisposable
{
    private readonly ListeningProcess _children = new();
    private Process? _process;
    private string? _protocol;

    private UpstreamProcess()
    {
    }

    /// <summary>The port it listens on; fixed after the first start so a restart reuses it.</summary>
    public int Port { get; private set; }

    /// <summary>Its MCP endpoint, <c>http://127.0.0.1:{Port}/mcp</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The current process id (what the upstream's <c>get_stats</c> reports).</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The upstream is not running.");

    public string Output => _children.Output;

    /// <summary>
    /// Starts TestUpstream on <paramref name="port"/>; 0 lets the system pick a free one, kept for restarts.
    /// <paramref name="protocol"/> narrows it to one revision (<c>--protocol</c>); null serves both on one URL.
    /// </summary>
    public static async Task<UpstreamProcess> StartAsync(int port = 0, string? protocol = null)
    {
        var upstream = new UpstreamProcess { Port = port, _protocol = protocol };
        await upstream.StartProcessAsync();
        return upstream;
    }

    /// <summary>SIGKILL: the process keeps nothing, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Kills the process if it runs, then starts a new one on the same port.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;

        // The port was just released; another process may briefly hold it, so a failed bind is retried, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await StartProcessAsync();
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo("dotnet");
        foreach (var arg in new[] { TestPaths.TestUpstreamDll, "--http", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }

        if (_protocol is not null)
        {
            psi.ArgumentList.Add("--protocol");
            psi.ArgumentList.Add(_protocol);
        }

        (_process, var endpoint) = await _children.StartAsync(psi, $"TestUpstream on port {Port}");
        Endpoint = endpoint;
        Port = endpoint.Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
