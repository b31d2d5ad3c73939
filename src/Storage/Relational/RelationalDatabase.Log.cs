using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Relational;

internal abstract partial class RelationalDatabase
{
    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Schema of {Component} in {Location} migrated from version {From} to {To}.")]
        public static partial void Migrated(ILogger logger, string component, string location, int from, int to);

        [LoggerMessage(31, LogLevel.Warning, "Schema of {Component} in {Location} is at version {Found}, newer than this build's {Known}; running without migrating.")]
        public static partial void NewerSchema(ILogger logger, string component, string location, int found, int known);
    }
}
