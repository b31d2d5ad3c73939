using Xunit.Sdk;

namespace McpGateway.Storage.Tests;

/// <summary>
/// A fact of the shared store suite. A plain <see cref="FactAttribute"/> cannot know which backend's subclass it runs
/// in, so <see cref="StoreFactDiscoverer"/> skips it in classes marked <see cref="RequiresPostgresAttribute"/> when no
/// server is configured: reported as skipped, never passed.
/// </summary>
[XunitTestCaseDiscoverer("McpGateway.Storage.Tests.StoreFactDiscoverer", "McpGateway.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
