namespace McpGateway.Bench.Flows;

/// <summary>Samples this process's resident set size every 100 ms and keeps the peak.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public RssSampler() => _timer = new Timer(_ => Sample(), null, 0, 100);

    public long Peak => Interlocked.Read(ref _peak);

    /// <summary>VmRSS from /proc/self/status, in bytes.</summary>
    public static long Current()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = Current();
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
