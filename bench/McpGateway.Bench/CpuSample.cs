using System.Diagnostics;

namespace McpGateway.Bench;

/// <summary>CPU time used so far by the bench itself, by every server process of a target, and by its upstream alone.</summary>
internal readonly record struct CpuSample(TimeSpan Client, TimeSpan Server, TimeSpan Upstream)
{
    public static CpuSample Take(IBenchTarget target)
    {
        var servers = target.ServerProcesses();
        using var self = Process.GetCurrentProcess();
        return new CpuSample(
            self.TotalProcessorTime,
            servers.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcessTree.CpuTime(pid)),
            servers.Count > 0 ? ProcessTree.CpuTime(servers[^1]) : TimeSpan.Zero);
    }

    public static CpuSample operator +(CpuSample a, CpuSample b) =>
        new(a.Client + b.Client, a.Server + b.Server, a.Upstream + b.Upstream);

    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.Client - before.Client, after.Server - before.Server, after.Upstream - before.Upstream);
}
