using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads YAML text (<c>connectors.yaml</c>, flow files) within <see cref="YamlLimits"/>.</summary>
public static class YamlText
{
    /// <summary>Parses the text into a YAML stream.</summary>
    /// <exception cref="YamlLimitException">The text is over a limit (size, nesting, alias expansion) or a mapping key is not a plain value.</exception>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static YamlStream Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > YamlLimits.MaxDocumentLength)
        {
            throw new YamlLimitException(Mark.Empty, Mark.Empty,
                $"the document is {text.Length} characters long; the limit is {YamlLimits.MaxDocumentLength} (4 MB)");
        }

        var stream = new YamlStream();
        stream.Load(new LimitedYamlParser(new Parser(new StringReader(text))));
        return stream;
    }

    /// <summary>
    /// Reads a file's text, or at most one character past <see cref="YamlLimits.MaxDocumentLength"/> of it, so an
    /// oversized file is refused by <see cref="Load"/> without being read whole.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static string ReadFile(string path)
    {
        if (new FileInfo(path).Length <= YamlLimits.MaxDocumentLength)
        {
            return File.ReadAllText(path); // no more characters than bytes
        }

        using var reader = new StreamReader(path);
        var buffer = new char[YamlLimits.MaxDocumentLength + 1];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read);
    }
}
