using System.CommandLine;

namespace McpGateway.Cli;

/// <summary>
/// <c>mcpgw health</c>: asks a running gateway's <c>/readyz</c> (no key needed) and exits 0 when it is ready, 1 when it
/// is not or cannot be reached; prints the answer. Made for container health checks (the Dockerfile's
/// <c>HEALTHCHECK</c>), where the image has no curl.
/// </summary>
internal static class HealthCommand
{
    public static Command Create() =>
        RemoteCommand.Create("health", "Exit 0 when the gateway is ready (/readyz), 1 when not", (c, r, ct) =>
            RemoteCommand.PrintAsync(c, HttpMethod.Get, "/readyz", null, ct));
}
