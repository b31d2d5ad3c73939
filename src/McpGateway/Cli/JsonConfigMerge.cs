using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Cli;

/// <summary>
/// Puts one server entry into a client's JSON config file and leaves everything else as it was: other servers and
/// settings, their order, the file's indentation (spaces or tabs, how many) and its final newline. A file with
/// comments or trailing commas (JSONC, as VS Code allows) is not rewritten, since that would drop them.
/// </summary>
internal static class JsonConfigMerge
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's new text, or null when the entry is already there as it would be written.</summary>
    /// <exception cref="FormatException">The file is not a JSON object, holds comments, or its servers key is not an object.</exception>
    public static string? Merge(string? existing, string serversKey, string name, JsonObject entry)
    {
        JsonObject root;
        if (string.IsNullOrWhiteSpace(existing))
        {
            root = [];
        }
        else
        {
            root = Parse(existing);
        }

        if (root[serversKey] is { } servers && servers is not JsonObject)
        {
            throw new FormatException($"'{serversKey}' is a {servers.GetValueKind()}, not an object.");
        }

        var container = root[serversKey] as JsonObject;
        if (container is not null && JsonNode.DeepEquals(container[name], entry))
        {
            return null;
        }

        if (container is null)
        {
            container = [];
            root[serversKey] = container;
        }

        container[name] = entry;
        var (indentChar, indentSize) = Indentation(existing);
        var text = root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentCharacter = indentChar,
            IndentSize = indentSize,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var eol = existing?.Contains("\r\n", StringComparison.Ordinal) == true ? "\r\n" : "\n";
        text = text.ReplaceLineEndings(eol);
        return existing is null || existing.Trim().Length == 0 || existing.EndsWith('\n') ? text + eol : text;
    }

    private static JsonObject Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new FormatException("it is not a JSON object.");
        }
        catch (JsonException)
        {
        }

        try
        {
            _ = JsonNode.Parse(text, documentOptions: Lenient);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"it is not JSON ({ex.Message}).", ex);
        }

        throw new FormatException("it has comments or trailing commas, which rewriting it would drop.");
    }

    /// <summary>The indentation of the first indented line (two spaces for a new or flat file).</summary>
    private static (char Char, int Size) Indentation(string? text)
    {
        foreach (var line in (text ?? "").Split('\n'))
        {
            var width = line.Length - line.TrimStart(' ', '\t').Length;
            if (width > 0 && line.TrimStart(' ', '\t').Length > 0)
            {
                return line[0] == '\t' ? ('\t', Math.Min(width, 127)) : (' ', Math.Min(width, 127));
            }
        }

        return (' ', 2);
    }

    /// <summary>Writes through a temporary file beside it, so a crash never leaves half a config; keeps the file's Unix mode.</summary>
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".mcpgw-tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }

        File.Move(temp, path, overwrite: true);
    }
}
