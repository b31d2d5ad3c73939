using System.Globalization;
using ModelContextProtocol.Client;

namespace McpGateway.Bench;

/// <summary>The whole run: start the servers, measure each target at each concurrency, then the idle sessions.</summary>
internal static class BenchRunner
{
    public static async Task RunAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        using var http = BenchClients.CreateHttpClient();
        Report.Machine("start");
        var targets = new List<IBenchTarget>();
        ChildProcess? upstream = null;
        GatewayHost? gateway = null;
        GatewayHost? full = null;
        GatewayHost? limited = null;
        var fronts = new List<GatewayHost>();
        var groups = new List<ReplicaGroup>();
        try
        {
            if (options.Targets.Contains(TargetNames.DirectHttp))
            {
                (upstream, var url) = await ChildProcess.StartAsync(
                    "TestUpstream", paths.UpstreamDll, ["--http", "--port", "0"], new Dictionary<string, string>(), TimeSpan.FromSeconds(60), ct);
                var upstreamId = upstream.Id;
                targets.Add(new HttpTarget(TargetNames.DirectHttp, new Uri(url), "echo", http, () => [upstreamId]));
            }

            if (options.Targets.Contains(TargetNames.DirectStdio))
            {
                targets.Add(new StdioTarget(paths.UpstreamDll));
            }

            if (options.Targets.Contains(TargetNames.Gateway))
            {
                gateway = await GatewayHost.StartAsync(paths, options.GatewayEnvironment, http, ct);
                targets.Add(new HttpTarget(TargetNames.Gateway, gateway.McpEndpoint, "demo__echo", http, gateway.ServerProcesses));
                Report.Line($"gateway pid {gateway.ProcessId} at {gateway.BaseUri}");
            }

            if (options.Targets.Contains(TargetNames.Gateway2026))
            {
                if (gateway is null)
                {
                    gateway = await GatewayHost.StartAsync(paths, options.GatewayEnvironment, http, ct);
                    Report.Line($"gateway pid {gateway.ProcessId} at {gateway.BaseUri}");
                }

                targets.Add(new HttpTarget(TargetNames.Gateway2026, gateway.McpEndpoint, "demo__echo", http, gateway.ServerProcesses,
                    protocolVersion: BenchClients.StatelessVersion));
            }

            if (options.Targets.Contains(TargetNames.GatewayFull))
            {
                full = await GatewayHost.StartAsync(paths, options.GatewayEnvironment, http, ct, full: true);
                targets.Add(new HttpTarget(TargetNames.GatewayFull, full.McpEndpoint, "demo__echo", http, full.ServerProcesses, full.ApiKey, idempotencyKeys: options.FullIdempotencyKeys));
                Report.Line($"gateway-full pid {full.ProcessId} at {full.BaseUri}");
            }

            if (options.Targets.Contains(TargetNames.GatewayLimited))
            {
                limited = await GatewayHost.StartAsync(paths, options.GatewayEnvironment, http, ct, full: true, limits: true);
                targets.Add(new HttpTarget(TargetNames.GatewayLimited, limited.McpEndpoint, "demo__echo", http, limited.ServerProcesses, limited.ApiKey, idempotencyKeys: options.FullIdempotencyKeys));
                Report.Line($"gateway-limited pid {limited.ProcessId} at {limited.BaseUri}");
            }

            // The MCP front on its own: the same gateway composed twice by the front host, once with each front, each in a
            // fresh process, called in the stateless revision on the connector's endpoint. They start, warm up and take
            // the first turn in the order --targets names them, so swapping the two shows any order bias.
            foreach (var name in options.Targets.Where(TargetNames.IsFront))
            {
                var host = await GatewayHost.StartAsync(paths, options.GatewayEnvironment, http, ct, front: name == TargetNames.FrontMapMcp ? "mapmcp" : "endpoint");
                fronts.Add(host);
                targets.Add(new HttpTarget(name, host.DemoEndpoint, "echo", http, host.ServerProcesses, protocolVersion: BenchClients.StatelessVersion));
                Report.Line($"{name} pid {host.ProcessId} at {host.DemoEndpoint}");
            }

            // The same gateway on PostgreSQL behind HAProxy, with one replica and with three, started one after the other.
            foreach (var name in options.Targets.Where(TargetNames.IsBalanced))
            {
                var postgres = options.Postgres ?? throw new ArgumentException($"{name} needs a PostgreSQL database: --postgres or MCPGW_TEST_POSTGRES");
                var group = await ReplicaGroup.StartAsync(name == TargetNames.Balanced3 ? 3 : 1, postgres, paths, options.GatewayEnvironment, http, ct);
                groups.Add(group);
                targets.Add(new HttpTarget(name, group.Endpoint, "demo__echo", http, group.ServerProcesses));
                Report.Line($"{name} haproxy at {group.Endpoint}");
            }

            var rows = await MeasureAsync(options, targets, ct);
            Report.Table(rows, targets);
            Report.Added(rows);
            if (gateway is not null)
            {
                var calls = options.Warmup + rows.Where(r => r.Target is TargetNames.Gateway or TargetNames.Gateway2026).Sum(r => r.Calls);
                await ReportGatewayAsync(gateway, calls, ct);
            }
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (full is not null)
            {
                await full.DisposeAsync();
            }

            if (limited is not null)
            {
                await limited.DisposeAsync();
            }

            foreach (var host in fronts)
            {
                await host.DisposeAsync();
            }

            foreach (var group in groups)
            {
                await group.DisposeAsync();
            }

            if (upstream is not null)
            {
                await upstream.DisposeAsync();
            }
        }

        if (options.IdleSessions > 0 && options.Targets.Contains(TargetNames.Gateway))
        {
            Report.Line();
            Report.Line($"idle-session memory: a fresh gateway per line, warmed with 1,000 calls, then {options.IdleSessions} sessions");
            Report.Idle(await IdleSessionProbe.MeasureAsync(paths, options.GatewayEnvironment, http, options.IdleSessions, getStream: false, ct));
            Report.Idle(await IdleSessionProbe.MeasureAsync(paths, options.GatewayEnvironment, http, options.IdleSessions, getStream: true, ct));
        }

        Report.Line();
        Report.Machine("end");
    }

    // Targets take turns slice by slice within each concurrency (BenchOptions.Rounds), so that load from anything else
    // on the machine hits them alike.
    private static async Task<List<RunResult>> MeasureAsync(BenchOptions options, List<IBenchTarget> targets, CancellationToken ct)
    {
        foreach (var target in targets)
        {
            Report.Line($"warming up {target.Name} ({options.Warmup} calls)");
            await LoadRun.WarmUpAsync(target, options.Warmup, ct);
        }

        // A server keeps compiling (tiered JIT) for a while after its warm-up. Measured straight away, the first target
        // paid for the others' background compilation: the full pipeline without keys came out 11-19 % faster than
        // pass-through, which does less. Wait until every server process is idle.
        var settled = await ProcessTree.WaitUntilIdleAsync(targets.SelectMany(t => t.ServerProcesses()).ToList(), ct);
        Report.Line(string.Create(CultureInfo.InvariantCulture, $"servers idle after {settled.TotalSeconds:F1} s"));

        var rows = new List<RunResult>();
        foreach (var concurrency in options.Concurrency)
        {
            var sessions = new List<IReadOnlyList<McpClient>>();
            try
            {
                foreach (var target in targets)
                {
                    sessions.Add(await target.OpenSessionsAsync(concurrency, ct));
                }

                var slices = targets.Select(_ => new List<RunSlice>()).ToList();
                var calls = options.CallsFor(concurrency);
                var rounds = Math.Min(options.Rounds, calls); // no empty slices
                for (var round = 0; round < rounds; round++)
                {
                    // Slice sizes add up to the run's calls; the order flips every round (A B, B A, ...) so that a
                    // machine speeding up or slowing down over a round favours neither target.
                    var size = (calls / rounds) + (round < calls % rounds ? 1 : 0);
                    var order = Enumerable.Range(0, targets.Count);
                    foreach (var i in round % 2 == 0 ? order : order.Reverse())
                    {
                        slices[i].Add(await LoadRun.RunAsync(targets[i], sessions[i], size, ct));
                    }
                }

                for (var i = 0; i < targets.Count; i++)
                {
                    var row = RunResult.From(targets[i].Name, concurrency, slices[i]);
                    Report.Line(string.Create(CultureInfo.InvariantCulture,
                        $"  {row.Target} c={row.Concurrency}: {row.CallsPerSecond:F0} calls/s, p50 {row.P50Ms:F3} ms ({slices[i].Count} slices)"));
                    rows.Add(row);
                }
            }
            finally
            {
                for (var i = 0; i < sessions.Count; i++)
                {
                    await targets[i].CloseSessionsAsync(sessions[i]);
                }
            }
        }

        return rows;
    }

    private static async Task ReportGatewayAsync(GatewayHost gateway, int calls, CancellationToken ct)
    {
        // The journal commits in groups; give the last group time to land before reading the file sizes.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var memory = ProcessMemory.Read(gateway.ProcessId);
        var diskKbPerCall = ProcessTree.WriteBytes(gateway.ProcessId) / 1024.0 / calls;
        Report.Line();
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"gateway after {calls} calls: RSS {memory.RssKb / 1024.0:F1} MB; journal {gateway.JournalBytes() / 1024.0:F0} KB " +
            $"(SQLite files in the temp data_dir); disk writes {diskKbPerCall:F1} KB per call; console log {gateway.OutputLines} lines ({gateway.OutputLines / (double)calls:F2} per call)"));
    }
}
