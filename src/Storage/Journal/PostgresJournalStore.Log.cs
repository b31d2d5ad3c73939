using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Journal;

internal sealed partial class PostgresJournalStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Journal schema migrated from version {From} to {To}.")]
        public static partial void Migrated(ILogger logger, int from, int to);

        [LoggerMessage(2, LogLevel.Warning, "Journal schema is at version {Found}, newer than this build's {Known}; running without migrating.")]
        public static partial void NewerSchema(ILogger logger, int found, int known);
    }
}
