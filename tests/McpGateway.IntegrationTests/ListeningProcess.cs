using System.Diagnostics;
using System.Text;

namespace McpGateway.IntegrationTests;

/// <summary>
/// Starts a child process that announces its address with a <c>listening URL</c> line (the gateway and TestUpstream
/// both do), keeping every line it prints in <see cref="Output"/>.
/// </summary>
internal sealed class ListeningProcess
{
    private readonly StringBuilder _output = new();

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

    /// <summary>Starts the process and returns once it printed its address; kills it if it does not within a minute.</summary>
    public async Task<(Process Process, Uri Url)> StartAsync(ProcessStartInfo psi, string what)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
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
            throw new InvalidOperationException($"{what} did not start listening:\n{Output}");
        }

        return (process, await listening.Task);
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
}
