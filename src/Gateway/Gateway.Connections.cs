using System.Text.Json.Nodes;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Upstreams;
using McpGateway.Flows.Model;

namespace McpGateway;

/// <summary>Connections (stored credentials): sealed with the master key, never returned in clear.</summary>
public sealed partial class Gateway
{
    /// <summary>Creates or replaces a connection; <paramref name="value"/> is validated for its type, then sealed; connectors using it reconnect.</summary>
    public async Task<ConnectionInfo> SetConnectionAsync(string name, string type, JsonObject value, string? displayName = null, CancellationToken cancellationToken = default)
    {
        if (ConnectionValues.NameError(name) is { } nameError)
        {
            throw new GatewayException(new FlowError(FlowErrorCodes.Invalid, nameError));
        }

        var (fields, error) = ConnectionValues.Validate(type, value);
        if (fields is null)
        {
            throw new GatewayException(new FlowError(FlowErrorCodes.Invalid, error ?? "The value does not fit the type."));
        }

        var (record, _) = await Get<ConnectionVault>().SetAsync(name, type, fields, displayName, cancellationToken);

        // As with PUT /v1/connections: connectors using the old value reconnect with the new one.
        Get<UpstreamHub>().ReconnectReferencing(name);
        await Get<Hosting.ChangeFollower>().PublishAsync(Connectors.Changes.ChangeNotice.Connection, name);
        return Info(record);
    }

    /// <summary>Every connection's name, type and field names.</summary>
    public async Task<IReadOnlyList<ConnectionInfo>> ListConnectionsAsync(CancellationToken cancellationToken = default) =>
        (await Get<IConnectionStore>().ListAsync(cancellationToken)).Select(Info).ToList();

    private static ConnectionInfo Info(ConnectionRecord r) => new(r.Name, r.Type, r.DisplayName, r.FieldNames, r.CreatedAt, r.UpdatedAt);
}
