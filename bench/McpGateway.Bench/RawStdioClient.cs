using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace McpGateway.Bench;

/// <summary>
/// <c>mcpgw stdio</c> as a desktop client starts it, spoken to in hand-written JSON-RPC lines, so that a timestamp is
/// taken when the answer's line arrives and no SDK handshake stands between the start and the request measured.
/// </summary>
internal sealed class RawStdioClient : IAsyncDisposable
{
    private const int StderrLinesKept = 40;
    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<string> _notifications = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _stderr = new();
    private readonly Task _reader;
    private int _nextId;

    private RawStdioClient(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => OnStderr(e.Data);
        _process.BeginErrorReadLine();
        _reader = ReadAsync();
    }

    /// <summary>The timestamp (<see cref="Stopwatch.GetTimestamp"/>) taken just before the process was started.</summary>
    public long Started { get; private init; }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/>.</summary>
    public static RawStdioClient Start(
        string dll, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
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

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        return new RawStdioClient(process) { Started = started };
    }

    /// <summary>Milliseconds from the process's start to now.</summary>
    public double ElapsedMs => Stopwatch.GetElapsedTime(Started).TotalMilliseconds;

    public async Task<JsonObject> RequestAsync(string method, JsonObject parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await answer.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no answer to {method}; gateway stderr:\n{StderrTail()}");
        }
    }

    public Task NotifyAsync(string method) => WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method });

    /// <summary>Waits until a notification named <paramref name="method"/> arrives, at most <paramref name="bound"/>.</summary>
    public async Task WaitForNotificationAsync(string method, TimeSpan bound, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(bound);
        try
        {
            while (await _notifications.Reader.ReadAsync(timeout.Token) != method)
            {
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The bound passed: the caller asks again.
        }
    }

    public string StderrTail()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    /// <summary>Closes stdin (the gateway stops as it does when a client leaves), then kills what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
        {
            // Not gone in time: killed below.
        }

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
            // Already gone.
        }

        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private async Task WriteAsync(JsonObject message)
    {
        await _process.StandardInput.WriteLineAsync(message.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (message?["id"] is JsonValue id && id.TryGetValue<int>(out var number) && _pending.TryRemove(number, out var answer))
            {
                answer.TrySetResult(message);
            }
            else if (message?["method"] is JsonValue method && method.TryGetValue<string>(out var name))
            {
                _notifications.Writer.TryWrite(name);
            }
        }

        foreach (var answer in _pending.Values)
        {
            answer.TrySetException(new InvalidOperationException($"the gateway's stdout ended; stderr:\n{StderrTail()}"));
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

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
