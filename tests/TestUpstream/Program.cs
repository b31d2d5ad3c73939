using TestUpstream;
using TestUpstream.Http;
using TestUpstream.Stdio;

var command = CommandLine.Parse(args);
switch (command.Mode)
{
    case CommandMode.Http:
        return await HttpServerHost.RunAsync(command.Port, command.ProtocolVersion);
    case CommandMode.Stdio:
        return await StdioServerHost.RunAsync(command.ProtocolVersion);
    case CommandMode.EnvCheck:
        return EnvCheck.Run(command.EnvName!);
    default:
        await Console.Error.WriteLineAsync(command.Error ?? CommandLine.Usage);
        return 2;
}
