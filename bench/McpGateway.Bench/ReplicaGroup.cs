using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpGateway.Bench;

/// <summary>
/// <c>lb-1</c> and <c>lb-3</c>: N gateway replicas (<c>mcpgw serve</c>, each with its stdio TestUpstream) on one PostgreSQL
/// database behind HAProxy in round robin with no stickiness, as README's "Several replicas" describes. Clients speak
/// 2025-11-25, so with three replicas two requests in three land on a replica that forwards them to the session's holder.
/// </summary>
internal sealed class ReplicaGroup : IAsyncDisposable
{
    private readonly List<GatewayHost> _replicas = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgw-bench-haproxy-").FullName;
    private Process? _haproxy;

    private ReplicaGroup(int port, int statsPort)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        _statsUrl = new Uri($"http://127.0.0.1:{statsPort}/stats;csv");
    }

    private readonly Uri _statsUrl;

    public Uri Endpoint { get; }

    /// <summary>Every replica with its upstream, then HAProxy.</summary>
    public IReadOnlyList<int> ServerProcesses() =>
        [.. _replicas.SelectMany(r => r.ServerProcesses()), .. _haproxy is null ? Array.Empty<int>() : [_haproxy.Id]];

    public static async Task<ReplicaGroup> StartAsync(
        int count, string postgres, BenchPaths paths, IReadOnlyDictionary<string, string> environment, HttpClient http, CancellationToken ct)
    {
        var haproxy = FindHaproxy() ?? throw new FileNotFoundException("haproxy is not installed (bash tests/ci/install-haproxy.sh)");
        var group = new ReplicaGroup(FreePort(), FreePort());
        try
        {
            for (var i = 0; i < count; i++)
            {
                group._replicas.Add(await GatewayHost.StartAsync(paths, environment, http, ct, postgres: postgres));
            }

            var config = Path.Combine(group._directory, "haproxy.cfg");
            await File.WriteAllTextAsync(config, group.Config(), ct);
            var info = new ProcessStartInfo(haproxy) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-f");
            info.ArgumentList.Add(config);
            info.ArgumentList.Add("-db");
            group._haproxy = Process.Start(info)!;
            group._haproxy.OutputDataReceived += (_, _) => { };
            group._haproxy.ErrorDataReceived += (_, _) => { };
            group._haproxy.BeginOutputReadLine();
            group._haproxy.BeginErrorReadLine();
            await group.WaitUpAsync(http, ct);
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    private string Config()
    {
        var config = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            global
                maxconn 4096

            defaults
                mode http
                timeout connect 2s
                timeout client 10m
                timeout server 10m
                timeout http-keep-alive 10s
                retries 3
                option redispatch 1

            listen stats
                bind 127.0.0.1:{_statsUrl.Port}
                stats enable
                stats uri /stats

            frontend gateways_in
                bind 127.0.0.1:{Endpoint.Port}
                default_backend gateways

            backend gateways
                balance roundrobin
                option httpchk
                http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
                http-check expect status 200
                default-server inter 1s fall 2 rise 2

            """));
        for (var i = 0; i < _replicas.Count; i++)
        {
            config.Append(CultureInfo.InvariantCulture, $"    server replica{i} {_replicas[i].BaseUri.Host}:{_replicas[i].BaseUri.Port} check\n");
        }

        return config.ToString();
    }

    private async Task WaitUpAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var csv = await http.GetStringAsync(_statsUrl, ct);
                if (csv.Split('\n').Count(l => l.StartsWith("gateways,replica", StringComparison.Ordinal) && l.Split(',')[17] == "UP") == _replicas.Count)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("haproxy did not count every replica up within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindHaproxy() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "haproxy")).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        if (_haproxy is { HasExited: false })
        {
            _haproxy.Kill(entireProcessTree: true);
            await _haproxy.WaitForExitAsync();
        }

        _haproxy?.Dispose();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
