using System.Diagnostics;
using System.Text;

namespace McpGateway.Bench;

/// <summary>
/// A <c>dotnet some.dll …</c> child that prints <c>listening URL</c> on stdout once ready. Disposing kills it and its
/// own children (the gateway's stdio upstream), so nothing outlives the bench.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int StderrLinesKept = 40;
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _stderr = new();
    private long _outputLines;
    private Task _stdoutPump = Task.CompletedTask;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Lines written to stdout and stderr so far: a hint of how much the child logs per call.</summary>
    public long OutputLines => Interlocked.Read(ref _outputLines);

    public static async Task<(ChildProcess Process, string Url)> StartAsync(
        string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
        CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child._process.ErrorDataReceived += (_, e) => child.OnStderr(e.Data);
        child._process.Exited += (_, _) => child._listening.TrySetException(
            new InvalidOperationException($"{name} exited before it was ready:\n{child.StderrTail()}"));
        child._process.Start();
        child._stdoutPump = child.PumpStdoutAsync(child._process.StandardOutput.BaseStream);
        child._process.BeginErrorReadLine();
        try
        {
            var url = await child._listening.Task.WaitAsync(timeout, ct);
            return (child, url);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public string StderrTail()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone, or never started: nothing left to kill.
        }

        await _stdoutPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    /// <summary>
    /// Drains stdout in blocks, counting lines but not decoding them once <c>listening</c> has been seen: the gateway
    /// logs several lines per call, and decoding them line by line would charge the bench's CPU for it.
    /// </summary>
    private async Task PumpStdoutAsync(Stream stdout)
    {
        const string prefix = "listening ";
        var buffer = new byte[64 * 1024];
        var head = new StringBuilder();
        int read;
        while ((read = await stdout.ReadAsync(buffer)) > 0)
        {
            var block = buffer.AsSpan(0, read);
            Interlocked.Add(ref _outputLines, block.Count((byte)'\n'));
            if (_listening.Task.IsCompleted)
            {
                continue;
            }

            head.Append(Encoding.UTF8.GetString(block));
            var lines = head.ToString().Split('\n');
            foreach (var line in lines.SkipLast(1).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _listening.TrySetResult(line[prefix.Length..].Trim());
            }
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _outputLines);
        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > StderrLinesKept)
            {
                _stderr.Dequeue();
            }
        }
    }
}
