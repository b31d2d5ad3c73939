using System.CommandLine;
using McpGateway.Cli;

var root = new RootCommand("McpGateway: one controlled MCP endpoint in front of many upstream tool servers")
{
    ServeCommand.Create(),
    StdioCommand.Create(),
    StatusCommand.Create(),
    HealthCommand.Create(),
    KeysCommand.Create(),
    ApprovalsCommand.Create(),
    PolicyCommand.Create(),
    OutcomesCommand.Create(),
    TracesCommand.Create(),
    FlowsCommand.Create(),
    RunsCommand.Create(),
    ConnectionsCommand.Create(),
    McpServersCommand.Create(),
};

// The hosts handle SIGTERM/Ctrl+C themselves and shut down gracefully (sessions closed, upstreams stopped, journal
// flushed); System.CommandLine's own handler would end the process after its timeout with exit code 143.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
