using TestUpstream;
using TestUpstream.Http;
using TestUpstream.Stdio;

var command = CommandLine.Parse(args);
if (command.StartGate is { } gate)
{
    // A slow start on demand: nothing is read from stdin or served until the test opens the gate.
    while (!File.Exists(gate))
    {
        await Task.Delay(20);
    }
}

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
