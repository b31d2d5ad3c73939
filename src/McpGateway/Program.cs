using System.CommandLine;
using McpGateway.Cli;

var root = new RootCommand("McpGateway: one controlled MCP endpoint in front of many upstream tool servers")
{
    ServeCommand.Create(),
    StdioCommand.Create(),
    StatusCommand.Create(),
    HealthCommand.Create(),
    ToolsCommand.Create(),
    CallCommand.Create(),
    KeysCommand.Create(),
    LimitsCommand.Create(),
    ApprovalsCommand.Create(),
    PolicyCommand.Create(),
    OutcomesCommand.Create(),
    TracesCommand.Create(),
    FlowsCommand.Create(),
    RunsCommand.Create(),
    ConnectionsCommand.Create(),
    ConnectorsCommand.Create(),
    McpServersCommand.Create(),
    ClientSetupCommand.Create(),
};

// The hosts handle SIGTERM/Ctrl+C themselves and shut down gracefully (sessions closed, upstreams stopped, journal
// flushed); System.CommandLine's own handler would end the process after its timeout with exit code 143.
var parsed = root.Parse(args);
var exit = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// A command line that does not parse (unknown command or option, a missing argument, -o xml) is a usage error: exit 2
// (README, "Exit codes"), not System.CommandLine's 1.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : exit;
