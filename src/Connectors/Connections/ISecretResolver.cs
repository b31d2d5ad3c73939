namespace McpGateway.Connectors.Connections;

/// <summary>Resolves <c>${secret:name}</c> and <c>${secret:name.field}</c> references at connect time.</summary>
public interface ISecretResolver
{
    /// <summary>The value of the connection's field (<paramref name="field"/> null: a SECRET_TEXT's secret).</summary>
    /// <exception cref="InvalidOperationException">No such connection or field; the message names the reference, never a value.</exception>
    ValueTask<string> ResolveAsync(string name, string? field, CancellationToken cancellationToken);
}
