using Microsoft.Extensions.Logging;

namespace McpGateway.Connectors.Catalog.Pinning;

public sealed partial class ToolPins
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Pinned the definition of {Connector}/{Tool} ({Hash}) when first seen")]
        public static partial void Pinned(ILogger logger, string connector, string tool, string hash);

        [LoggerMessage(2, LogLevel.Warning, "Quarantined {Connector}/{Tool}: its upstream lists a changed definition ({Seen}, pinned {Pinned}); it stays hidden until an operator accepts the change (mcpgw tools accept)")]
        public static partial void Quarantined(ILogger logger, string connector, string tool, string pinned, string seen);

        [LoggerMessage(3, LogLevel.Warning, "Accepted the changed definition of {Connector}/{Tool} ({Hash}) by {Actor}")]
        public static partial void Accepted(ILogger logger, string connector, string tool, string hash, string actor);

        [LoggerMessage(4, LogLevel.Error, "Could not check the tool pins of connector {Connector}: {Reason}; its previous pins are kept")]
        public static partial void CheckFailed(ILogger logger, string connector, string reason);
    }
}
