using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Journal;

internal sealed partial class SqliteJournalStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Journal schema in {Path} migrated from version {From} to {To}.")]
        public static partial void Migrated(ILogger logger, string path, int from, int to);

        [LoggerMessage(2, LogLevel.Warning, "Journal schema in {Path} is at version {Found}, newer than this build's {Known}; running without migrating.")]
        public static partial void NewerSchema(ILogger logger, string path, int found, int known);
    }
}
