namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>
/// The pinned tool definitions and their history, shared by every process on the store; each write that changes a pin
/// appends its <see cref="ToolPinEvent"/> in the same transaction.
/// </summary>
public interface IToolPinStore
{
    /// <summary>Creates tables or runs migrations. Idempotent.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every pin of one connector.</summary>
    ValueTask<IReadOnlyList<ToolPin>> ListAsync(string connector, CancellationToken cancellationToken);

    /// <summary>Pins a tool seen for the first time; false (and nothing written) when it has a pin already.</summary>
    ValueTask<bool> AddAsync(ToolPin pin, CancellationToken cancellationToken);

    /// <summary>
    /// Journals that an upstream listed <paramref name="seenHash"/> for a tool pinned at <paramref name="pinnedHash"/>:
    /// once per pin and seen hash, so replicas and repeated listings do not repeat it. True when this call journaled it.
    /// </summary>
    ValueTask<bool> MarkChangedAsync(string connector, string tool, string pinnedHash, string seenHash, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the pin with <paramref name="replacement"/> if it is still <paramref name="expectedHash"/> (so two
    /// acceptances of different definitions cannot both win); false when it was not.
    /// </summary>
    ValueTask<bool> AcceptAsync(ToolPin replacement, string expectedHash, CancellationToken cancellationToken);

    /// <summary>One tool's pin, or null.</summary>
    ValueTask<ToolPin?> GetAsync(string connector, string tool, CancellationToken cancellationToken);

    /// <summary>One tool's history, newest first, at most <paramref name="limit"/> entries.</summary>
    ValueTask<IReadOnlyList<ToolPinEvent>> EventsAsync(string connector, string tool, int limit, CancellationToken cancellationToken);
}
