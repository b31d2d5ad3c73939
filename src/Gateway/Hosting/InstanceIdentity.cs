using System.Diagnostics;

namespace McpGateway.Hosting;

/// <summary>
/// This process as the instance store knows it: an id per start, and where it runs. On the same host (machine and
/// process namespace) a dead process is known at once from its process id and start time, without waiting for its
/// heartbeat to expire.
/// </summary>
internal static class InstanceIdentity
{
    private const int MaxNameLength = 31;

    /// <summary>The machine and, on Linux, the process namespace: two containers with one host name differ here.</summary>
    public static string Host { get; } = Environment.MachineName + "/" + PidNamespace();

    /// <summary>A new id for this start: the configured name (or the machine name), then a time-ordered random suffix.</summary>
    public static string NewId(string? name)
    {
        var prefix = string.IsNullOrWhiteSpace(name) ? Environment.MachineName : name.Trim();
        return (prefix.Length > MaxNameLength ? prefix[..MaxNameLength] : prefix) + "-" + Guid.CreateVersion7().ToString("N");
    }

    /// <summary>When this process started (UTC).</summary>
    public static DateTimeOffset ProcessStartedAt()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>
    /// False only when no process with <paramref name="processId"/> that started at <paramref name="startedAt"/> runs on
    /// this host (the id may have been reused by a later process).
    /// </summary>
    public static bool IsAlive(int processId, DateTimeOffset startedAt)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
            return !process.HasExited && (started - startedAt).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }

    private static string PidNamespace()
    {
        try
        {
            return new FileInfo("/proc/self/ns/pid").LinkTarget ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
