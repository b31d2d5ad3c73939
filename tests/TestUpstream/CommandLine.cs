using System.Globalization;

namespace TestUpstream;

/// <summary>The parsed command line: <c>[--stdio | --http [--port N]] [--protocol VERSION] [--start-gate FILE] | --env-check NAME</c>.</summary>
internal sealed record CommandLine(
    CommandMode Mode, int Port = 0, string? ProtocolVersion = null, string? EnvName = null, string? Error = null, string? StartGate = null)
{
    public const string Usage =
        "usage: TestUpstream [--stdio | --http [--port N]] [--protocol VERSION] [--start-gate FILE] | --env-check NAME\n" +
        "  --stdio             serve MCP over stdin/stdout (default)\n" +
        "  --http --port N     serve Streamable HTTP at http://127.0.0.1:N/mcp (0 = pick a free port); sessions for\n" +
        "                      initialize clients, stateless 2026-07-28 requests, on the same URL\n" +
        "  --protocol VERSION  speak only this MCP revision: 2025-11-25 makes a 2025-only server, 2026-07-28 a\n" +
        "                      2026-only one (default: every revision the SDK knows, over stdio and HTTP)\n" +
        "  --start-gate FILE   read nothing and answer nothing until FILE exists: an upstream that is slow to start, for\n" +
        "                      as long as a test wants\n" +
        "  --env-check NAME    print the value of environment variable NAME and exit (1 if unset)";

    // The revisions McpServerOptions.ProtocolVersion accepts in ModelContextProtocol 2.4.0 (its list is internal).
    private static readonly string[] KnownProtocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var mode = CommandMode.Stdio;
        var port = 0;
        string? protocolVersion = null;
        string? envName = null;
        string? startGate = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--stdio":
                    mode = CommandMode.Stdio;
                    break;
                case "--http":
                    mode = CommandMode.Http;
                    break;
                case "--port" when i + 1 < args.Count
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port)
                    && port <= 65535:
                    i++;
                    break;
                case "--protocol" when i + 1 < args.Count && KnownProtocolVersions.Contains(args[i + 1]):
                    protocolVersion = args[++i];
                    break;
                case "--start-gate" when i + 1 < args.Count:
                    startGate = args[++i];
                    break;
                case "--env-check" when i + 1 < args.Count:
                    mode = CommandMode.EnvCheck;
                    envName = args[++i];
                    break;
                default:
                    return new CommandLine(CommandMode.Invalid, Error: $"unexpected argument '{args[i]}'\n{Usage}");
            }
        }

        return new CommandLine(mode, port, protocolVersion, envName, StartGate: startGate);
    }
}
