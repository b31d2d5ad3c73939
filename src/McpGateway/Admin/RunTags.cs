using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Admin;

/// <summary>A run's <c>tags</c> as given at start: an array of short strings, kept in order without repeats.</summary>
internal static class RunTags
{
    /// <summary>At most this many tags on a run.</summary>
    public const int MaxTags = 20;

    /// <summary>At most this many characters in a tag.</summary>
    public const int MaxLength = 64;

    /// <summary>Reads <paramref name="node"/> into <paramref name="tags"/>; returns why it is refused, or null.</summary>
    public static string? Read(JsonNode? node, out List<string> tags)
    {
        tags = [];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            return "'tags' must be an array of strings.";
        }

        foreach (var item in array)
        {
            if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return "'tags' must be an array of strings.";
            }

            var tag = value.GetValue<string>();
            if (tag.Length is 0 or > MaxLength || tag.Any(char.IsControl))
            {
                return $"Each tag must be 1 to {MaxLength} characters with no control characters; '{(tag.Length > MaxLength ? tag[..MaxLength] + "…" : tag)}' is not.";
            }

            if (!tags.Contains(tag, StringComparer.Ordinal))
            {
                tags.Add(tag);
            }
        }

        return tags.Count > MaxTags ? $"A run has at most {MaxTags} tags." : null;
    }
}
