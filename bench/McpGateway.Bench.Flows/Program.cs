using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway;
using McpGateway.Bench.Flows;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

// Usage: dotnet run -c Release --project bench/McpGateway.Bench.Flows -- [transform runs, default 200] [async runs, default 1000]
var transformRuns = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var asyncRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var dir = Directory.CreateTempSubdirectory("mcpgw-bench-flows-").FullName;
try
{
    var configPath = BenchConfig.Write(dir);
    await using var gateway = Gateway.FromFile(configPath);
    await gateway.InitializeAsync();
    await BenchConfig.WaitForToolAsync(gateway, "demo__echo");

    await CreateAsync(gateway, "bench-transform-1", Flows.Transforms(1));
    await CreateAsync(gateway, "bench-transform-20", Flows.Transforms(20));
    await CreateAsync(gateway, "bench-echo-3", Flows.Echo3());

    // Engine overhead per node: sync runs one after the other, so each figure is the latency of a run.
    await TimeRunsAsync(gateway, "bench-transform-20", 20);
    await TimeRunsAsync(gateway, "bench-transform-1", 20);
    var twenty = await TimeRunsAsync(gateway, "bench-transform-20", transformRuns);
    var one = await TimeRunsAsync(gateway, "bench-transform-1", transformRuns);
    Console.WriteLine($"20-step transform flow: {twenty.TotalMilliseconds / transformRuns:F2} ms per run, {twenty.TotalMilliseconds / transformRuns / 20:F3} ms per node (run overhead included)");
    Console.WriteLine($" 1-step transform flow: {one.TotalMilliseconds / transformRuns:F2} ms per run");
    Console.WriteLine($"engine cost per transform node, run overhead removed: {(twenty - one).TotalMilliseconds / transformRuns / 19:F3} ms");

    // Throughput: start every run at once (async), wait for all to end, sample RSS meanwhile.
    using var rss = new RssSampler();
    var before = RssSampler.Current();
    var clock = Stopwatch.StartNew();
    var ids = new List<string>(asyncRuns);
    for (var i = 0; i < asyncRuns; i++)
    {
        var run = await gateway.StartFlowRunInBackgroundAsync(new RunStart { Flow = "bench-echo-3", Origin = RunOrigins.Api, Inputs = new JsonObject { ["i"] = i } });
        ids.Add(run.Id);
    }

    var started = clock.Elapsed;
    var counts = await WaitAllAsync(gateway, ids);
    var elapsed = clock.Elapsed;
    Console.WriteLine($"{asyncRuns} async runs of a 3-step echo flow: started in {started.TotalSeconds:F2} s, all ended in {elapsed.TotalSeconds:F2} s ({asyncRuns / elapsed.TotalSeconds:F0} runs/s)");
    Console.WriteLine($"  outcome: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
    Console.WriteLine($"  RSS: {before / 1024 / 1024} MB before, peak {rss.Peak / 1024 / 1024} MB, {RssSampler.Current() / 1024 / 1024} MB after; managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MB");
    await gateway.ShutdownAsync();
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task CreateAsync(Gateway gateway, string name, JsonObject definition)
{
    await gateway.CreateFlowAsync(new FlowDraft { Name = name, Definition = definition });
    await gateway.ApplyFlowOperationAsync(name, new FlowOperation { Type = "publish" });
    await gateway.ApplyFlowOperationAsync(name, new FlowOperation { Type = "enable" });
}

static async Task<TimeSpan> TimeRunsAsync(Gateway gateway, string flow, int runs)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        var run = await gateway.StartFlowRunAsync(new RunStart { Flow = flow, Origin = RunOrigins.Api, Inputs = new JsonObject { ["n"] = i } });
        if (run.Status != RunStatuses.Succeeded)
        {
            throw new InvalidOperationException($"{flow} run {run.Id} ended {run.Status}: {run.Error}");
        }
    }

    return clock.Elapsed;
}

static async Task<Dictionary<string, int>> WaitAllAsync(Gateway gateway, List<string> ids)
{
    var pending = new HashSet<string>(ids);
    var counts = new Dictionary<string, int>();
    while (pending.Count > 0)
    {
        foreach (var id in pending.ToList())
        {
            var details = await gateway.GetFlowRunAsync(id);
            if (details is not null && RunStatuses.IsTerminal(details.Run.Status))
            {
                pending.Remove(id);
                counts[details.Run.Status] = counts.GetValueOrDefault(details.Run.Status) + 1;
            }
        }

        if (pending.Count > 0)
        {
            await Task.Delay(100);
        }
    }

    return counts;
}
