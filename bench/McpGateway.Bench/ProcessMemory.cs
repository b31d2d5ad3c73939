using System.Globalization;

namespace McpGateway.Bench;

/// <summary>A process's resident memory as Linux reports it in <c>/proc/PID/status</c>.</summary>
internal readonly record struct ProcessMemory(long RssKb, long RssAnonKb)
{
    public static ProcessMemory Read(int pid)
    {
        long rss = 0, anon = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKb(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = ParseKb(line);
            }
        }

        return new ProcessMemory(rss, anon);
    }

    // "VmRSS:	  123456 kB"
    private static long ParseKb(string line) =>
        long.Parse(line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
