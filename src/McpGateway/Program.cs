using System.CommandLine;
using McpGateway.Cli;

var root = new RootCommand("McpGateway: one controlled MCP endpoint in front of many upstream tool servers")
{
    ServeCommand.Create(),
    StdioCommand.Create(),
    StatusCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
