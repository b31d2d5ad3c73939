namespace McpGateway.Bench;

/// <summary>The gateway's resident memory around opening <see cref="Sessions"/> idle sessions.</summary>
internal sealed record IdleResult(int Sessions, bool GetStream, int GatewayReportedSessions, ProcessMemory Before, ProcessMemory After)
{
    public double KbPerSession => (After.RssKb - Before.RssKb) / (double)Sessions;

    public double AnonKbPerSession => (After.RssAnonKb - Before.RssAnonKb) / (double)Sessions;
}
