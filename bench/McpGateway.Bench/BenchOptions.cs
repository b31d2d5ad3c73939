using System.Globalization;

namespace McpGateway.Bench;

/// <summary>
/// The parsed command line:
/// <c>[--calls N] [--calls-c1 N] [--warmup N] [--concurrency 1,16] [--idle-sessions N] [--targets http,stdio,gateway]</c>.
/// </summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: McpGateway.Bench [--calls N] [--calls-c1 N] [--warmup N] [--concurrency 1,16] [--idle-sessions N]\n" +
        "                        [--targets direct-http,direct-stdio,gateway,gateway-2026,gateway-full,front-endpoint,front-mapmcp,lb-1,lb-3]\n" +
        "                        [--gateway-env NAME=VALUE]... [--repo PATH] [--postgres CONNECTION]\n" +
        "                        [--full-idempotency-keys yes|no] [--rounds N]\n" +
        "       McpGateway.Bench --cold serve,stdio [--runs N] [--calls N] [--warmup N] [--gateway-env NAME=VALUE]... [--gateway-dll PATH]\n" +
        "  --calls N          echo calls per run at c > 1 (default 20000)\n" +
        "  --calls-c1 N       echo calls per run at c = 1 (default 5000)\n" +
        "  --warmup N         untimed calls per target before the first run (default 30000:\n" +
        "                     fewer leave tiered JIT compilation running in the measured window)\n" +
        "  --concurrency L    comma-separated session counts (default 1,16)\n" +
        "  --idle-sessions N  idle sessions opened against the gateway for the memory figure (default 1000, 0 = skip)\n" +
        "  --targets L        which targets to run (default the first five; front-endpoint and front-mapmcp compare the\n" +
        "                     gateway's MCP endpoint with the SDK's MapMcp, each in a fresh bench/McpGateway.Bench.MapMcp\n" +
        "                     process, in 2026-07-28 on /c/demo/mcp; build that project in Release first; lb-1 and lb-3\n" +
        "                     are one and three replicas on PostgreSQL behind HAProxy, round robin, 2025-11-25 sessions)\n" +
        "  --postgres CONN    the database the lb-* replicas share (default: MCPGW_TEST_POSTGRES)\n" +
        "  --gateway-env N=V  an environment variable for the gateway, e.g. Logging__LogLevel__Default=Warning\n" +
        "  --repo PATH        repository root (default: found from the current directory)\n" +
        "  --full-idempotency-keys yes|no  whether gateway-full calls carry a fresh idempotency key (default yes)\n" +
        "  --rounds N         slices per run, the targets taking turns slice by slice (default 10; 1 = one run each)\n" +
        "  --cold L           instead of the above, measure a fresh gateway: 'serve' (its CPU per call over the first --calls\n" +
        "                     calls at c=16 on /c/demo/mcp after --warmup untimed calls, default 200, then over the next\n" +
        "                     --calls) and/or 'stdio' (mcpgw stdio started from /: time to initialize, to server/discover\n" +
        "                     and to a complete tools/list with two stdio upstreams)\n" +
        "  --runs N           fresh processes per --cold measurement; the median is printed (default 5)\n" +
        "  --gateway-dll PATH the gateway to start (default src/McpGateway/bin/Release/net10.0/mcpgw.dll), e.g. a\n" +
        "                     ReadyToRun publish";

    public int Calls { get; init; } = 20_000;

    public int CallsAtOne { get; init; } = 5_000;

    public int Warmup { get; init; } = 30_000;

    /// <summary>True when <c>--warmup</c> was given (the cold mode has its own default).</summary>
    public bool WarmupGiven { get; init; }

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16];

    public int IdleSessions { get; init; } = 1_000;

    public IReadOnlyList<string> Targets { get; init; } = TargetNames.Default;

    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    public string? RepoRoot { get; init; }

    /// <summary>The PostgreSQL database the <c>lb-*</c> targets' replicas share (<c>--postgres</c>, else <c>MCPGW_TEST_POSTGRES</c>).</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("MCPGW_TEST_POSTGRES");

    /// <summary>False to run gateway-full without idempotency keys, to see what the two extra writes per call cost.</summary>
    public bool FullIdempotencyKeys { get; init; } = true;

    /// <summary>
    /// How many slices each target's run is cut into. The targets take turns slice by slice (A B B A A B ...), so the
    /// VM's slow and fast stretches, which last tens of seconds, fall on all of them alike.
    /// </summary>
    public int Rounds { get; init; } = 10;

    /// <summary>The cold-start measurements to run instead of the warm bench (<c>serve</c>, <c>stdio</c>); empty for the warm bench.</summary>
    public IReadOnlyList<string> Cold { get; init; } = [];

    /// <summary>Fresh processes per cold measurement.</summary>
    public int Runs { get; init; } = 5;

    /// <summary>A gateway build other than the Release build output, e.g. a ReadyToRun publish.</summary>
    public string? GatewayDll { get; init; }

    /// <summary>Untimed calls before a cold run: at most a few hundred, so that the run sees the gateway as a fresh start does.</summary>
    public const int ColdWarmup = 200;

    public int CallsFor(int concurrency) => concurrency == 1 ? CallsAtOne : Calls;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are invalid.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            BenchOptions? next = (args[i], value) switch
            {
                ("--calls", { } v) when TryCount(v, out var n) => options with { Calls = n },
                ("--calls-c1", { } v) when TryCount(v, out var n) => options with { CallsAtOne = n },
                ("--warmup", { } v) when TryCount(v, out var n) => options with { Warmup = n, WarmupGiven = true },
                ("--idle-sessions", { } v) when TryCount(v, out var n) => options with { IdleSessions = n },
                ("--concurrency", { } v) when TryList(v, out var list) => options with { Concurrency = list },
                ("--targets", { } v) when TryTargets(v, out var targets) => options with { Targets = targets },
                ("--gateway-env", { } v) when v.IndexOf('=', StringComparison.Ordinal) > 0 => options with
                {
                    GatewayEnvironment = new Dictionary<string, string>(options.GatewayEnvironment)
                    {
                        [v[..v.IndexOf('=', StringComparison.Ordinal)]] = v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..],
                    },
                },
                ("--repo", { } v) => options with { RepoRoot = v },
                ("--postgres", { } v) => options with { Postgres = v },
                ("--full-idempotency-keys", "yes" or "no") => options with { FullIdempotencyKeys = value == "yes" },
                ("--rounds", { } v) when TryCount(v, out var n) && n >= 1 => options with { Rounds = n },
                ("--cold", { } v) when TryCold(v, out var parts) => options with { Cold = parts },
                ("--runs", { } v) when TryCount(v, out var n) && n >= 1 => options with { Runs = n },
                ("--gateway-dll", { } v) => options with { GatewayDll = Path.GetFullPath(v) },
                _ => null,
            };
            if (next is null)
            {
                error = $"unexpected argument '{args[i]}'\n{Usage}";
                return null;
            }

            options = next;
            i++;
        }

        return options;
    }

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryList(string text, out IReadOnlyList<int> values)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = new List<int>();
        foreach (var part in parts)
        {
            if (!TryCount(part, out var n) || n < 1)
            {
                values = [];
                return false;
            }

            parsed.Add(n);
        }

        values = parsed;
        return parsed.Count > 0;
    }

    private static bool TryCold(string text, out IReadOnlyList<string> parts)
    {
        parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Count > 0 && parts.All(p => p is "serve" or "stdio");
    }

    private static bool TryTargets(string text, out IReadOnlyList<string> targets)
    {
        targets = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return targets.Count > 0 && targets.All(TargetNames.All.Contains);
    }
}
