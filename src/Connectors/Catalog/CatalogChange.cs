namespace McpGateway.Connectors.Catalog;

/// <summary>Which lists of a connector changed.</summary>
[Flags]
public enum CatalogChange
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>tools/list changed.</summary>
    Tools = 1,

    /// <summary>resources/list or templates changed.</summary>
    Resources = 2,

    /// <summary>prompts/list changed.</summary>
    Prompts = 4,

    /// <summary>Everything.</summary>
    All = Tools | Resources | Prompts,
}
