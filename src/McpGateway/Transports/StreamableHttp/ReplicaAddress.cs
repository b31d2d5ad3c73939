using McpGateway.Connectors.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// Where other replicas reach this process: <c>gateway.advertise_url</c>, else the address Kestrel bound (a wildcard host
/// replaced by this machine's name).
/// </summary>
internal sealed class ReplicaAddress(GatewayConfig config, IServer server)
{
    private string? _address;

    public string Value => _address ??= Resolve();

    private string Resolve()
    {
        if (config.Server.AdvertiseUrl is { Length: > 0 } advertised)
        {
            return advertised.TrimEnd('/');
        }

        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no bound address to advertise to other replicas; set gateway.advertise_url.");
        var uri = new UriBuilder(bound.Replace("://+", "://" + Environment.MachineName, StringComparison.Ordinal).Replace("://*", "://" + Environment.MachineName, StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = Environment.MachineName;
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
