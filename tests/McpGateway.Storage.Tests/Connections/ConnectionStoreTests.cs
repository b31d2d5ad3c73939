using McpGateway.Connectors.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Connections;

/// <summary>The connection store contract, run against every backend.</summary>
public abstract class ConnectionStoreTests(TestDatabase database) : StoreTests<IConnectionStore>(database)
{
    protected override IConnectionStore Create(StorageOptions options) =>
        StoreFactory.CreateConnectionStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IConnectionStore store) => store.InitializeAsync(CancellationToken.None);

    private static ConnectionRecord Record(string name, byte fill = 7, int minute = 0) => new()
    {
        Name = name,
        Type = ConnectionTypes.BasicAuth,
        DisplayName = "CRM login",
        FieldNames = ["password", "username"],
        Sealed = Enumerable.Repeat(fill, 40).ToArray(),
        CreatedAt = T0.AddMinutes(minute),
        UpdatedAt = T0.AddMinutes(minute),
    };

    private static void AssertSame(ConnectionRecord expected, ConnectionRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.FieldNames, actual.FieldNames);
        Assert.Equal(expected.Sealed, actual.Sealed);
        Assert.Equal(expected with { FieldNames = actual.FieldNames, Sealed = actual.Sealed }, actual);
    }

    [StoreFact]
    public async Task UpsertAsync_NewName_GetReturnsEveryFieldAndTheSealedBytes()
    {
        var store = await StartStoreAsync();
        var record = Record("crm");

        await store.UpsertAsync(record, CancellationToken.None);

        AssertSame(record, await store.GetAsync("crm", CancellationToken.None));
    }

    [StoreFact]
    public async Task UpsertAsync_ExistingName_ReplacesValueAndKeepsCreatedAt()
    {
        var store = await StartStoreAsync();
        await store.UpsertAsync(Record("crm"), CancellationToken.None);
        var replacement = Record("crm", fill: 9, minute: 5) with { Type = ConnectionTypes.SecretText, FieldNames = ["secret"], DisplayName = null };

        await store.UpsertAsync(replacement, CancellationToken.None);

        AssertSame(replacement with { CreatedAt = T0 }, await store.GetAsync("crm", CancellationToken.None));
    }

    [StoreFact]
    public async Task ListAsync_SeveralConnections_ReturnsThemByName()
    {
        var store = await StartStoreAsync();
        await store.UpsertAsync(Record("zeta"), CancellationToken.None);
        await store.UpsertAsync(Record("alpha"), CancellationToken.None);

        var list = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["alpha", "zeta"], list.Select(c => c.Name));
    }

    [StoreFact]
    public async Task DeleteAsync_ExistingThenMissing_TrueThenFalse()
    {
        var store = await StartStoreAsync();
        await store.UpsertAsync(Record("crm"), CancellationToken.None);

        var first = await store.DeleteAsync("crm", CancellationToken.None);
        var second = await store.DeleteAsync("crm", CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await store.GetAsync("crm", CancellationToken.None));
    }

    [StoreFact]
    public async Task UpsertAsync_OnAnotherReplica_IsSeenAtOnce()
    {
        var one = await StartStoreAsync();
        var two = await StartStoreAsync();

        await one.UpsertAsync(Record("shared"), CancellationToken.None);

        AssertSame(Record("shared"), await two.GetAsync("shared", CancellationToken.None));
    }

    [StoreFact]
    public async Task UpsertAsync_ExpiresAtAndRefreshError_RoundTrip()
    {
        var store = await StartStoreAsync();
        var record = Record("oauth") with { Type = ConnectionTypes.OAuth2, ExpiresAt = T0.AddHours(1), RefreshError = "invalid_grant (HTTP 400 from the token endpoint)" };

        await store.UpsertAsync(record, CancellationToken.None);

        AssertSame(record, await store.GetAsync("oauth", CancellationToken.None));
    }

    [StoreFact]
    public async Task TryClaimRefreshAsync_TwoReplicas_OneWinsUntilTheClaimLapsesOrTheRowChanges()
    {
        var one = await StartStoreAsync();
        var two = await StartStoreAsync();
        await one.UpsertAsync(Record("oauth"), CancellationToken.None);
        var seen = (await one.GetAsync("oauth", CancellationToken.None))!.UpdatedAt;

        var results = await Task.WhenAll(
            one.TryClaimRefreshAsync("oauth", seen, "gw-1", T0.AddMinutes(1), T0, CancellationToken.None).AsTask(),
            two.TryClaimRefreshAsync("oauth", seen, "gw-2", T0.AddMinutes(1), T0, CancellationToken.None).AsTask());
        var whileHeld = await two.TryClaimRefreshAsync("oauth", seen, "gw-2", T0.AddMinutes(2), T0.AddSeconds(30), CancellationToken.None);
        var stale = await two.TryClaimRefreshAsync("oauth", seen.AddSeconds(-1), "gw-2", T0.AddMinutes(3), T0.AddMinutes(2), CancellationToken.None);
        var lapsed = await two.TryClaimRefreshAsync("oauth", seen, "gw-2", T0.AddMinutes(3), T0.AddMinutes(2), CancellationToken.None);

        Assert.Equal(1, results.Count(r => r));
        Assert.False(whileHeld);
        Assert.False(stale);
        Assert.True(lapsed);
    }

    [StoreFact]
    public async Task TryCompleteRefreshAsync_OnlyTheClaimHolder_AndNotAfterAnOperatorsUpsert()
    {
        var store = await StartStoreAsync();
        await store.UpsertAsync(Record("oauth") with { RefreshError = "earlier failure" }, CancellationToken.None);
        var seen = (await store.GetAsync("oauth", CancellationToken.None))!.UpdatedAt;
        await store.TryClaimRefreshAsync("oauth", seen, "gw-1", T0.AddMinutes(1), T0, CancellationToken.None);
        var refreshed = Record("oauth", fill: 3, minute: 1) with { ExpiresAt = T0.AddHours(2) };

        var byOther = await store.TryCompleteRefreshAsync(refreshed, "gw-2", CancellationToken.None);
        var byHolder = await store.TryCompleteRefreshAsync(refreshed, "gw-1", CancellationToken.None);
        var afterCompletion = await store.TryCompleteRefreshAsync(refreshed, "gw-1", CancellationToken.None);
        await store.TryClaimRefreshAsync("oauth", refreshed.UpdatedAt, "gw-1", T0.AddMinutes(3), T0.AddMinutes(2), CancellationToken.None);
        var operators = Record("oauth", fill: 5, minute: 4);
        await store.UpsertAsync(operators, CancellationToken.None);
        var afterUpsert = await store.TryCompleteRefreshAsync(Record("oauth", fill: 6, minute: 5), "gw-1", CancellationToken.None);

        Assert.False(byOther);
        Assert.True(byHolder);
        Assert.False(afterCompletion);
        Assert.False(afterUpsert);
        AssertSame(operators with { CreatedAt = T0 }, await store.GetAsync("oauth", CancellationToken.None));
    }
}
