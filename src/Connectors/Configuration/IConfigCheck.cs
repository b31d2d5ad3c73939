namespace McpGateway.Connectors.Configuration;

/// <summary>
/// A validation that another project owns (rule expressions belong to Policy), run on every load and reload so a
/// bad value is a config error at load time, never a surprise at call time.
/// </summary>
public interface IConfigCheck
{
    /// <summary>Adds one error per problem found in <paramref name="config"/>.</summary>
    void Check(GatewayConfig config, ICollection<ConfigError> errors);
}
