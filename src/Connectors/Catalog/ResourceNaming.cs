namespace McpGateway.Connectors.Catalog;

/// <summary>
/// Resource URIs and prompt names on the aggregated endpoint carry their connector so requests route back:
/// URIs become <c>{connector}+{uri}</c> (still a valid URI: <c>+</c> is allowed in a scheme, and URI templates keep
/// working), prompts become <c>{connector}__{name}</c>.
/// </summary>
public static class ResourceNaming
{
    /// <summary>Namespaces an upstream URI or URI template.</summary>
    public static string WrapUri(string connector, string uri) => connector + "+" + uri;

    /// <summary>Splits a namespaced URI into connector and upstream URI.</summary>
    public static bool TryUnwrapUri(string uri, out string connector, out string inner)
    {
        var plus = uri.IndexOf('+', StringComparison.Ordinal);
        if (plus <= 0)
        {
            connector = inner = "";
            return false;
        }

        connector = uri[..plus];
        inner = uri[(plus + 1)..];
        return true;
    }

    /// <summary>Namespaces a prompt name.</summary>
    public static string WrapPrompt(string connector, string name) => connector + ToolNaming.Separator + name;

    /// <summary>Splits a namespaced prompt name.</summary>
    public static bool TryUnwrapPrompt(string name, out string connector, out string inner)
    {
        var sep = name.IndexOf(ToolNaming.Separator, StringComparison.Ordinal);
        if (sep <= 0)
        {
            connector = inner = "";
            return false;
        }

        connector = name[..sep];
        inner = name[(sep + ToolNaming.Separator.Length)..];
        return true;
    }
}
