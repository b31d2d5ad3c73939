using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// HAProxy in front of the replicas: round robin per request, no stickiness, health checks on <c>/readyz</c>, on a free
/// loopback port; its haproxy.cfg is generated in a temp directory and it runs as a child process (<c>haproxy -f cfg -db</c>).
/// A connection refused by a dead replica is redispatched to another one, as an operator's configuration would do.
/// </summary>
internal sealed class LoadBalancer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly TempDirectory _dir = new("mcpgw-haproxy-");
    private Process _process = null!;

    private LoadBalancer(Uri url, Uri stats)
    {
        Url = url;
        StatsUrl = stats;
    }

    /// <summary>haproxy on PATH or Debian's /usr/sbin/haproxy; null when neither exists.</summary>
    public static string? Executable { get; } = Find();

    public Uri Url { get; }

    /// <summary>HAProxy's statistics as CSV (what it thinks of each replica).</summary>
    public Uri StatsUrl { get; }

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

    /// <summary>Starts HAProxy and waits until <paramref name="up"/> backends (default: all) pass its health check.</summary>
    public static async Task<LoadBalancer> StartAsync(IReadOnlyList<Uri> backends, int? up = null)
    {
        var balancer = new LoadBalancer(new Uri($"http://127.0.0.1:{FreePort()}/"), new Uri($"http://127.0.0.1:{FreePort()}/stats;csv"));
        var config = Path.Combine(balancer._dir.Path, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Config(balancer.Url, balancer.StatsUrl, backends));
        var psi = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-f", config, "-db" })
        {
            psi.ArgumentList.Add(arg);
        }

        balancer._process = Process.Start(psi)!;
        balancer._process.OutputDataReceived += (_, e) => balancer.Append(e.Data);
        balancer._process.ErrorDataReceived += (_, e) => balancer.Append(e.Data);
        balancer._process.BeginOutputReadLine();
        balancer._process.BeginErrorReadLine();
        await balancer.WaitUpAsync(up ?? backends.Count);
        return balancer;
    }

    /// <summary>A free loopback port (bound and released; the caller binds it next).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Config(Uri url, Uri stats, IReadOnlyList<Uri> backends)
    {
        var config = new StringBuilder($$"""
            global
                maxconn 1024

            defaults
                mode http
                timeout connect 2s
                timeout client 10m
                timeout server 10m
                timeout http-keep-alive 10s
                retries 3
                option redispatch 1

            listen stats
                bind 127.0.0.1:{{stats.Port}}
                stats enable
                stats uri /stats

            frontend gateways_in
                bind 127.0.0.1:{{url.Port}}
                default_backend gateways

            backend gateways
                balance roundrobin
                option httpchk
                http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
                http-check expect status 200
                default-server inter 300ms fall 2 rise 2

            """);
        for (var i = 0; i < backends.Count; i++)
        {
            config.Append(CultureInfo.InvariantCulture, $"    server replica{i} {backends[i].Host}:{backends[i].Port} check\n");
        }

        return config.ToString();
    }

    /// <summary>Waits until HAProxy's health checks count <paramref name="count"/> replicas up (after a start or a restart).</summary>
    public async Task WaitUpAsync(int count)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var csv = await http.GetStringAsync(StatsUrl);
                var up = csv.Split('\n').Count(line => line.StartsWith("gateways,replica", StringComparison.Ordinal) && line.Split(',')[17] == "UP");
                if (up == count)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"haproxy did not count {count} replicas up:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, "haproxy");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }
}
