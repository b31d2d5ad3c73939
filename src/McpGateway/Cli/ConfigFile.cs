using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;

namespace McpGateway.Cli;

/// <summary>Loads the configuration for a command, printing every error on failure.</summary>
internal static class ConfigFile
{
    public static GatewayConfig? TryLoad(string path)
    {
        try
        {
            return ConfigLoader.Load(path, [new PolicyConfigCheck()]);
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
