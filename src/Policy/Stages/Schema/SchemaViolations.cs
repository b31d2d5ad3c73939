using System.Text;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace McpGateway.Policy.Stages.Schema;

/// <summary>
/// A failed evaluation in words a caller can act on: one <c>path: problem</c> per violation, where the path names the
/// argument (<c>address.zip</c>, <c>tags[2]</c>) and a missing required property is named on its own path.
/// </summary>
internal static class SchemaViolations
{
    /// <summary>Every violation in <paramref name="results"/> (list output), each once, in the validator's order.</summary>
    public static List<string> From(EvaluationResults results, JsonElement instance, CompiledSchema compiled, string? root)
    {
        var violations = new List<string>();
        foreach (var node in results.Details is { Count: > 0 } details ? details : [results])
        {
            if (node.Errors is null)
            {
                continue;
            }

            var (located, value) = Locate(node.InstanceLocation, instance);
            var path = located is null ? root : root is null ? located : located.StartsWith('[') ? root + located : root + "." + located;
            foreach (var (keyword, message) in node.Errors)
            {
                if (keyword == "required" && Missing(node, results, value, compiled) is { Count: > 0 } missing)
                {
                    violations.AddRange(missing.Select(name => $"{Child(path, name)}: is required"));
                }
                else
                {
                    violations.Add($"{path ?? "(arguments)"}: {Describe(keyword, node.EvaluationPath, message)}");
                }
            }
        }

        return [.. violations.Distinct()];
    }

    // A false schema fails without a keyword of its own; the keyword that applied it says what was not allowed.
    private static string Describe(string keyword, JsonPointer evaluationPath, string message)
    {
        if (keyword.Length > 0 || evaluationPath.SegmentCount == 0)
        {
            return message;
        }

        var parent = evaluationPath[evaluationPath.SegmentCount - 1].ToString();
        return parent switch
        {
            "additionalProperties" or "unevaluatedProperties" or "propertyNames" => "is not an allowed property",
            "items" or "additionalItems" or "unevaluatedItems" or "prefixItems" => "is not an allowed item",
            _ => "is not allowed here",
        };
    }

    // The names the failing `required` lists that the object lacks: read from the schema where it failed, when that is
    // inside this document (a schema with an `$id` of its own elsewhere keeps the validator's sentence).
    private static List<string>? Missing(EvaluationResults node, EvaluationResults root, JsonElement? value, CompiledSchema compiled)
    {
        if (value is not { ValueKind: JsonValueKind.Object } obj ||
            !string.Equals(node.SchemaLocation.GetLeftPart(UriPartial.Query), root.SchemaLocation.GetLeftPart(UriPartial.Query), StringComparison.Ordinal) ||
            !JsonPointer.TryParse(Uri.UnescapeDataString(node.SchemaLocation.Fragment.TrimStart('#')), out var pointer) ||
            pointer.Evaluate(compiled.Document) is not { ValueKind: JsonValueKind.Object } schema ||
            !schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. required.EnumerateArray()
            .Where(name => name.ValueKind == JsonValueKind.String && !obj.TryGetProperty(name.GetString()!, out _))
            .Select(name => name.GetString()!)];
    }

    // The instance location as an argument path (null for the arguments themselves) and the value found there.
    private static (string? Path, JsonElement? Value) Locate(JsonPointer location, JsonElement instance)
    {
        var path = new StringBuilder();
        JsonElement? current = instance;
        for (var i = 0; i < location.SegmentCount; i++)
        {
            var segment = location[i].ToString();
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, out var index))
            {
                path.Append('[').Append(segment).Append(']');
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path.Append(path.Length > 0 ? "." : "").Append(segment);
                current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var child) ? child : null;
            }
        }

        return (path.Length > 0 ? path.ToString() : null, current);
    }

    private static string Child(string? path, string name) => path is null ? name : path + "." + name;
}
