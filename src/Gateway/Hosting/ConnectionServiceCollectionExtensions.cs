using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Sealing;

namespace McpGateway.Hosting;

/// <summary>Registers the connections vault (master key, cipher, resolver for <c>${secret:…}</c>).</summary>
internal static class ConnectionServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayConnections(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton(_ => LoadMasterKey(config));
        services.AddSingleton<SecretCipher>();
        services.AddSingleton<ConnectionVault>();
        services.AddSingleton<ISecretResolver>(sp => sp.GetRequiredService<ConnectionVault>());
        services.AddSingleton<OAuthRefresher>();
        return services;
    }

    /// <summary>The master key from <c>MCPGW_MASTER_KEY</c> or <c>&lt;data_dir&gt;/master.key</c>.</summary>
    /// <exception cref="InvalidOperationException">The key is unusable; the message says why.</exception>
    public static MasterKey LoadMasterKey(GatewayConfig config) =>
        MasterKey.Load(Path.GetFullPath(config.Server.DataDir, config.BaseDirectory), Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable));

    /// <summary>Loads the master key once before a host starts; prints why and returns false when it is unusable.</summary>
    public static async Task<bool> CheckMasterKeyAsync(GatewayConfig config)
    {
        try
        {
            _ = LoadMasterKey(config);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync("mcpgw: " + ex.Message);
            return false;
        }
    }
}
