using System.Globalization;

namespace McpGateway.Bench;

/// <summary>Reads Linux's <c>/proc</c> for processes the bench cannot get from <see cref="System.Diagnostics.Process"/>.</summary>
internal static class ProcessTree
{
    // USER_HZ: /proc/PID/stat counts CPU time in these ticks; 100 on every mainstream Linux.
    private const double TicksPerSecond = 100;

    /// <summary>Direct children of <paramref name="pid"/> whose command line contains <paramref name="commandPart"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid, string commandPart)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && TryReadStat(child, out var stat) && Field(stat, 4) == pid.ToString(CultureInfo.InvariantCulture)
                && ReadCommandLine(child).Contains(commandPart, StringComparison.Ordinal))
            {
                children.Add(child);
            }
        }

        return children;
    }

    /// <summary>
    /// Waits until the processes together use under 1 % of one core over half a second (at most 30 s); returns how long
    /// that took.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilIdleAsync(IReadOnlyList<int> pids, CancellationToken ct)
    {
        var interval = TimeSpan.FromMilliseconds(500);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var before = pids.Sum(p => CpuTime(p).Ticks);
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(interval, ct);
            var now = pids.Sum(p => CpuTime(p).Ticks);
            if (now - before < interval.Ticks / 100)
            {
                break;
            }

            before = now;
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>User plus system CPU time the process has used so far; zero once it is gone.</summary>
    public static TimeSpan CpuTime(int pid) =>
        TryReadStat(pid, out var stat)
            ? TimeSpan.FromSeconds((long.Parse(Field(stat, 14), CultureInfo.InvariantCulture) + long.Parse(Field(stat, 15), CultureInfo.InvariantCulture)) / TicksPerSecond)
            : TimeSpan.Zero;

    /// <summary>Bytes the process has sent to the storage layer (<c>write_bytes</c> in <c>/proc/PID/io</c>).</summary>
    public static long WriteBytes(int pid) =>
        File.ReadLines($"/proc/{pid}/io").Where(l => l.StartsWith("write_bytes:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();

    public static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool TryReadStat(int pid, out string stat)
    {
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
            return true;
        }
        catch (IOException)
        {
            stat = "";
            return false;
        }
    }

    // Fields are 1-based as in proc(5); the command name (field 2) may hold spaces, so count from its closing ')'.
    private static string Field(string stat, int field)
    {
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return rest[field - 3];
    }
}
