using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpGateway.Connectors.Connections;

/// <summary>Validates connection names and values per type. Error sentences name fields, never their values.</summary>
public static partial class ConnectionValues
{
    /// <summary>Why <paramref name="name"/> is not a connection name, or null.</summary>
    public static string? NameError(string? name) =>
        name is not null && NamePattern().IsMatch(name) ? null
            : $"'{name}' is not a connection name: use 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit.";

    /// <summary>Checks <paramref name="value"/> against <paramref name="type"/>; returns the fields as strings, or the error.</summary>
    public static (SortedDictionary<string, string>? Fields, string? Error) Validate(string? type, JsonNode? value)
    {
        if (type is null || !ConnectionTypes.All.Contains(type, StringComparer.Ordinal))
        {
            return (null, $"'type' must be one of {string.Join(", ", ConnectionTypes.All)}.");
        }

        if (value is not JsonObject obj)
        {
            return (null, $"'value' must be a JSON object with the {type} fields ({Describe(type)}).");
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var allowed = ConnectionTypes.Allowed(type);
        foreach (var (field, node) in obj)
        {
            if (allowed is not null && !allowed.Contains(field, StringComparer.Ordinal))
            {
                return (null, $"'value.{field}' is not a {type} field; allowed: {string.Join(", ", allowed)}.");
            }

            if (field.Length == 0)
            {
                return (null, "'value' has a field with an empty name.");
            }

            var text = AsText(type, field, node);
            if (text is null)
            {
                return (null, field == "expires_at"
                    ? "'value.expires_at' must be an ISO 8601 date-time string or a number of Unix seconds."
                    : $"'value.{field}' must be a string.");
            }

            fields[field] = text;
        }

        foreach (var required in ConnectionTypes.Required(type))
        {
            if (!fields.TryGetValue(required, out var v) || v.Length == 0)
            {
                return (null, $"{type} needs a non-empty 'value.{required}'.");
            }
        }

        if (fields.TryGetValue("token_url", out var tokenUrl) && type == ConnectionTypes.OAuth2 &&
            !(Uri.TryCreate(tokenUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))))
        {
            return (null, "'value.token_url' must be the authorization server's https token endpoint (http only on a loopback address).");
        }

        return fields.Count == 0 ? (null, $"{type} needs at least one field in 'value'.") : (fields, null);
    }

    private static string? AsText(string type, string field, JsonNode? node)
    {
        if (type == ConnectionTypes.OAuth2 && field == "expires_at")
        {
            return node?.GetValueKind() switch
            {
                JsonValueKind.Number => node.GetValue<double>().ToString(CultureInfo.InvariantCulture),
                JsonValueKind.String when DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) => node.GetValue<string>(),
                _ => null,
            };
        }

        return node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
    }

    private static string Describe(string type) => ConnectionTypes.Allowed(type) is { } allowed ? string.Join(", ", allowed) : "any string properties";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
