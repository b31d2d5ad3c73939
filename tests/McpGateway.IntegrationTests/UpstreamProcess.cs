using System.Diagnostics;
using System.Text;

namespace McpGateway.IntegrationTests;

/// <summary>
/// TestUpstream serving Streamable HTTP (<c>--http --port N</c>) as a real child process. It can be killed and started
/// again on the same port; the new process has none of the old one's sessions, so it answers 404 to them.
/// </summary>
internal sealed class UpstreamProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private UpstreamProcess()
    {
    }

    /// <summary>The port it listens on; fixed after the first start so a restart reuses it.</summary>
    public int Port { get; private set; }

    /// <summary>Its MCP endpoint, <c>http://127.0.0.1:{Port}/mcp</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The current process id (what the upstream's <c>get_stats</c> reports).</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The upstream is not running.");

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

    /// <summary>Starts TestUpstream on <paramref name="port"/>; 0 lets the system pick a free one, kept for restarts.</summary>
    public static async Task<UpstreamProcess> StartAsync(int port = 0)
    {
        var upstream = new UpstreamProcess { Port = port };
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
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { TestPaths.TestUpstreamDll, "--http", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw new InvalidOperationException($"TestUpstream did not start listening on port {Port}:\n{Output}");
        }

        _process = process;
        Endpoint = await listening.Task;
        Port = Endpoint.Port;
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("listening ", StringComparison.Ordinal))
        {
            listening.TrySetResult(new Uri(line["listening ".Length..].Trim()));
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
