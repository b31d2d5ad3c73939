using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Policy.Arguments;

/// <summary>
/// Finds the arguments that name entities: the card's declared paths, or every <c>*_id</c> property at any depth whose
/// value is a string or a number (a number as its JSON text: <c>ticket_id: 42</c> names ticket <c>42</c>).
/// </summary>
internal static class EntityArguments
{
    /// <summary>(path, value) of each entity-bearing string or number value in <paramref name="root"/>.</summary>
    /// <param name="root">The arguments (or a state object).</param>
    /// <param name="declared">Declared paths (<c>customer.id</c>); null means every <c>*_id</c> property.</param>
    /// <param name="entityType">When set, only <c>{type}_id</c> properties (and declared paths) count.</param>
    public static List<(string Path, string Value)> Find(JsonObject root, IReadOnlyList<string>? declared, string? entityType)
    {
        var found = new List<(string, string)>();
        if (declared is { Count: > 0 })
        {
            foreach (var path in declared)
            {
                if (Id(At(root, path)) is { } id)
                {
                    found.Add((path, id));
                }
            }

            return found;
        }

        Walk(root, "", entityType is null ? "_id" : entityType + "_id", entityType is null, found);
        return found;
    }

    private static void Walk(JsonNode? node, string path, string suffix, bool anyPrefix, List<(string, string)> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var p = path.Length == 0 ? name : path + "." + name;
                    var matches = anyPrefix ? name.EndsWith(suffix, StringComparison.Ordinal) : name == suffix;
                    if (matches && Id(value) is { } id)
                    {
                        found.Add((p, id));
                    }
                    else
                    {
                        Walk(value, p, suffix, anyPrefix, found);
                    }
                }

                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    Walk(arr[i], $"{path}[{i}]", suffix, anyPrefix, found);
                }

                break;
        }
    }

    // Numbers count too: skipping them would let a resource-limited key act on any numeric id unchecked.
    private static string? Id(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    /// <summary>The node at a dotted path (with <c>[i]</c> indexers), or null.</summary>
    public static JsonNode? At(JsonNode? root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var index = -1;
            if (bracket >= 0 && name.EndsWith(']') && int.TryParse(name.AsSpan(bracket + 1, name.Length - bracket - 2), out var i))
            {
                index = i;
                name = name[..bracket];
            }

            node = name.Length == 0 ? node : (node as JsonObject)?[name];
            if (index >= 0)
            {
                node = node is JsonArray a && index < a.Count ? a[index] : null;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
