using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Clients;
using ModelContextProtocol.Client;
using Npgsql;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// Real 2025-11-25 clients (the TypeScript SDK and the C# SDK) behind HAProxy in round robin, with no stickiness, in front
/// of three replicas; one replica is killed with SIGKILL and restarted while they list and call.
/// </summary>
public sealed class ReplicaKillTests(ITestOutputHelper output)
{
    /// <summary>How long the clients list and call: the issue's minute.</summary>
    private static readonly TimeSpan SoakDuration = TimeSpan.FromSeconds(60);

    [ReplicaFact(NeedsTsClient = true)]
    public async Task TsAndSdkClients2025_ThroughHaproxy_ReplicaKilledAndRestarted_OnlyInFlightCallsFail_NoneChargedTwice()
    {
        await using var set = await ReplicaSet.StartAsync(3, balanced: true);
        var ts = TsClient.RunAsync(TsClient.Legacy, TsClient.Http(set.Url("/mcp"), null), [
            new JsonObject { ["op"] = "soak", ["durationMs"] = SoakDuration.TotalMilliseconds, ["tool"] = "demo__charge", ["prefix"] = "ts_" },
        ]);
        var sdk = SdkSoakAsync(set.Url("/mcp"), "sdk_");

        // Both clients connected and charging: kill the replica that holds a session.
        string[] holders = [];
        await set.Replicas[0].WaitUntilAsync(async () =>
        {
            holders = await HoldersAsync(set);
            var charges = set.Charges();
            return holders.Length == 2 && charges.Keys.Any(k => k.StartsWith("ts_", StringComparison.Ordinal))
                && charges.Keys.Count(k => k.StartsWith("sdk_", StringComparison.Ordinal)) >= 10;
        }, "both clients to hold a session and charge", 90);
        var victim = set.Replicas.Select((r, i) => (r, i)).First(x => x.r.BaseUrl.GetLeftPart(UriPartial.Authority) == holders[0]).i;
        var victimAddress = holders[0];
        set.Kill(victim);

        // Each session it held is taken over by a survivor at that session's next request.
        await set.Replicas[(victim + 1) % 3].WaitUntilAsync(async () => !(await HoldersAsync(set)).Contains(victimAddress), "the killed replica's sessions to move", 60);
        await set.Replicas[victim].RestartAsync("demo");
        await set.Balancer!.WaitUpAsync(3);

        var tsRun = await ts;
        var sdkRun = await sdk;
        var tsSoak = tsRun.Result(0);
        var charges = set.Charges();

        output.WriteLine($"killed replica {victim} ({victimAddress}); ts: {tsSoak["iterations"]} iterations, failures {tsSoak["failures"]!.ToJsonString()}; " +
            $"sdk: {sdkRun.Iterations} iterations, failures [{string.Join("; ", sdkRun.Failures)}]; {charges.Count} payments charged");
        AssertSoak("ts", tsSoak["charged"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(), tsSoak["failures"]!.AsArray().Select(f => f!.ToJsonString()).ToList(),
            tsSoak["iterations"]!.GetValue<int>(), charges);
        AssertSoak("sdk", sdkRun.Charged, sdkRun.Failures, sdkRun.Iterations, charges);
        Assert.All(charges, c => Assert.True(c.Value == 1, $"{c.Key} was charged {c.Value} times"));
    }

    /// <summary>
    /// At most one failure per client (each sends one request at a time, so at most one was in flight on the killed
    /// replica), every answered call charged exactly once, and the last call answered (the session lives on).
    /// </summary>
    private static void AssertSoak(string prefix, List<string> charged, List<string> failures, int iterations, IReadOnlyDictionary<string, int> charges)
    {
        Assert.True(failures.Count <= 1, $"{prefix}: {failures.Count} failed requests in {iterations} iterations:\n{string.Join("\n", failures)}");
        Assert.All(charged, id => Assert.Equal(1, charges.GetValueOrDefault(id)));
        Assert.Contains($"{prefix}_{iterations - 1}", charged);
        Assert.True(iterations > 20, $"{prefix}: only {iterations} iterations");
    }

    private static async Task<SdkSoak> SdkSoakAsync(Uri url, string prefix)
    {
        var soak = new SdkSoak();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url, TransportMode = HttpTransportMode.StreamableHttp }),
            TestClients.Sessions());
        var deadline = DateTime.UtcNow + SoakDuration;
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            soak.Iterations++;
            try
            {
                var tools = await client.ListToolsAsync();
                Assert.Contains(tools, t => t.Name == "demo__charge");
            }
            catch (Exception ex)
            {
                soak.Failures.Add($"{i} list: {ex.GetType().Name}: {ex.Message}");
            }

            try
            {
                var result = await client.CallToolAsync("demo__charge", new Dictionary<string, object?> { ["payment_id"] = $"{prefix}{i}", ["amount"] = 1 });
                if (result.IsError == true)
                {
                    throw new InvalidOperationException(string.Join(" ", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(t => t.Text)));
                }

                soak.Charged.Add($"{prefix}{i}");
            }
            catch (Exception ex)
            {
                soak.Failures.Add($"{i} call: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return soak;
    }

    /// <summary>The address of each session's holder, as the store records it.</summary>
    private static async Task<string[]> HoldersAsync(ReplicaSet set)
    {
        await using var connection = new NpgsqlConnection(set.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT holder_address FROM mcp_sessions ORDER BY created_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var holders = new List<string>();
        while (await reader.ReadAsync())
        {
            holders.Add(reader.GetString(0));
        }

        return [.. holders];
    }

    private sealed class SdkSoak
    {
        public List<string> Charged { get; } = [];

        public List<string> Failures { get; } = [];

        public int Iterations { get; set; }
    }
}
