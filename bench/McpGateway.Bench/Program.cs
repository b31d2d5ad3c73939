using System.Runtime.InteropServices;
using McpGateway.Bench;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}

var paths = BenchPaths.Find(options.RepoRoot, options.GatewayDll, out error);
if (paths is null)
{
    await Console.Error.WriteLineAsync(error);
    return 1;
}

// Ctrl+C and SIGTERM cancel the run; the children are killed as the run unwinds.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cts.Cancel();
});

try
{
    if (options.Cold.Count > 0)
    {
        await ColdRunner.RunAsync(options, paths, cts.Token);
    }
    else
    {
        await BenchRunner.RunAsync(options, paths, cts.Token);
    }

    return 0;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled; child processes stopped");
    return 130;
}
