using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging;

namespace McpGateway.Flows.Files;

/// <summary>
/// Loads <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c> flow files from a directory on start. A file that does not parse or
/// import is logged with its path and reason and skipped; the others still load.
/// </summary>
public sealed partial class FlowDirectory(FlowImporter importer, ILogger<FlowDirectory> logger)
{
    /// <summary>Imports every file in <paramref name="directory"/> (a missing directory is fine); returns how many imported.</summary>
    public async Task<int> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var loaded = 0;
        var files = Directory.EnumerateFiles(directory)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json")
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var document = FlowFile.Parse(YamlText.ReadFile(file));
                var result = await importer.ImportAsync(document, "file:" + Path.GetFileName(file), cancellationToken);
                if (!result.Ok)
                {
                    Log.ImportFailed(logger, file, result.Error!.Message + (result.Error.Errors is { Count: > 0 } e ? " " + string.Join("; ", e) : ""));
                    continue;
                }

                loaded++;
                var v = result.Value!;
                if (!v.Version.Valid)
                {
                    Log.InvalidVersion(logger, file, v.Version.Number, string.Join("; ", v.Version.Errors));
                }
                else if (v.NewVersion)
                {
                    Log.Loaded(logger, file, v.Flow.Name, v.Version.Number);
                }
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                Log.ImportFailed(logger, file, ex.Message);
            }
        }

        return loaded;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Flow file {File}: flow '{Flow}' saved as version {Version}")]
        public static partial void Loaded(ILogger logger, string file, string flow, int version);

        [LoggerMessage(2, LogLevel.Error, "Flow file {File} was not loaded: {Reason}")]
        public static partial void ImportFailed(ILogger logger, string file, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Flow file {File}: version {Version} is invalid and was not published: {Errors}")]
        public static partial void InvalidVersion(ILogger logger, string file, int version, string errors);
    }
}
