using System.Diagnostics;

namespace McpGateway.Storage.Tests.Journal;

/// <summary>Runs tests/JournalCrashProbe against a store and kills it with SIGKILL while it is writing.</summary>
internal static class CrashProbe
{
    /// <summary>The ids the probe reported as acknowledged (opened, closed) before it died.</summary>
    public sealed record Acknowledged(IReadOnlyList<string> Opened, IReadOnlyList<string> Closed);

    /// <summary>Starts the probe, waits until it acknowledged <paramref name="minimumOpened"/> opens, kills it.</summary>
    public static async Task<Acknowledged> RunUntilKilledAsync(StorageOptions options, string instanceId, int minimumOpened)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "JournalCrashProbe.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(options.Provider);
        start.ArgumentList.Add(options.SqlitePath ?? options.PostgresConnectionString!);
        start.ArgumentList.Add(instanceId);

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var opened = new List<string>();
        var closed = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (opened.Count < minimumOpened)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The probe exited early: {await errors}");
                Collect(line, opened, closed);
            }
        }
        finally
        {
            // Process.Kill is SIGKILL on Unix: no finalizers, no dispose, no flush of anything the store holds.
            process.Kill(entireProcessTree: true);
        }

        // Lines already in the pipe were printed before the kill, so their writes were acknowledged too.
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
        {
            Collect(rest, opened, closed);
        }

        await process.WaitForExitAsync(timeout.Token);
        return new Acknowledged(opened, closed);
    }

    private static void Collect(string line, List<string> opened, List<string> closed)
    {
        if (line.StartsWith("opened ", StringComparison.Ordinal))
        {
            opened.Add(line["opened ".Length..]);
        }
        else if (line.StartsWith("closed ", StringComparison.Ordinal))
        {
            closed.Add(line["closed ".Length..]);
        }
    }
}
