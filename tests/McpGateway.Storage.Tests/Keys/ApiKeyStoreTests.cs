using System.Security.Cryptography;
using System.Text;
using McpGateway.Policy.Callers;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Keys;

/// <summary>The API key store contract, run against every backend.</summary>
public abstract class ApiKeyStoreTests(TestDatabase database) : StoreTests<IApiKeyStore>(database)
{
    protected override IApiKeyStore Create(StorageOptions options) =>
        StoreFactory.CreateApiKeyStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IApiKeyStore store) => store.InitializeAsync(CancellationToken.None);

    private static ApiKey Key(string id, string name = "ci-bot", int minute = 0) => new()
    {
        Id = id,
        Name = name,
        Agent = "agent-ci",
        Scopes = ["tools:call", "approvals:*"],
        AllowedTools = ["billing__*", "crm__get_customer"],
        ReadOnly = true,
        Envs = ["prod"],
        Workflows = ["refunds"],
        Resources = ["cus_42", "inv_7"],
        AllowedActions = ["refund"],
        Limit = new KeyLimit { Requests = 30, Per = TimeSpan.FromMinutes(1), Concurrent = 2 },
        Prefix = "mcpgw_AbCd",
        CreatedAt = T0.AddMinutes(minute),
    };

    private static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static void AssertSameKey(ApiKey expected, ApiKey? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Scopes, actual.Scopes);
        Assert.Equal(expected.AllowedTools, actual.AllowedTools);
        Assert.Equal(expected.Envs, actual.Envs);
        Assert.Equal(expected.Workflows, actual.Workflows);
        Assert.Equal(expected.Resources, actual.Resources);
        Assert.Equal(expected.AllowedActions, actual.AllowedActions);

        // The lists are checked above; the record's own equality compares everything else, times to the tick.
        Assert.Equal(expected, actual with
        {
            Scopes = expected.Scopes,
            AllowedTools = expected.AllowedTools,
            Envs = expected.Envs,
            Workflows = expected.Workflows,
            Resources = expected.Resources,
            AllowedActions = expected.AllowedActions,
        });
    }

    [StoreFact]
    public async Task CreateAsync_NewKey_GetAndFindByHashReturnEveryField()
    {
        var store = await StartStoreAsync();
        var key = Key("key_1");

        await store.CreateAsync(key, Hash("secret-1"), CancellationToken.None);

        AssertSameKey(key, await store.GetAsync("key_1", CancellationToken.None));
        AssertSameKey(key, await store.FindByHashAsync(Hash("secret-1"), CancellationToken.None));
        Assert.Equal(T0, (await store.GetAsync("key_1", CancellationToken.None))!.CreatedAt);
    }

    [StoreFact]
    public async Task CreateAsync_EmptyLists_RoundTripEmpty()
    {
        var store = await StartStoreAsync();
        var key = new ApiKey { Id = "key_bare", Name = "bare", Agent = "a", Prefix = "mcpgw_Zz", CreatedAt = T0 };

        await store.CreateAsync(key, Hash("bare"), CancellationToken.None);

        var stored = await store.GetAsync("key_bare", CancellationToken.None);
        AssertSameKey(key, stored);
        Assert.Empty(stored!.Scopes);
        Assert.False(stored.ReadOnly);
        Assert.Null(stored.RevokedAt);
        Assert.Null(stored.Limit);
    }

    [StoreFact]
    public async Task CreateAsync_ActiveNameTaken_ThrowsInvalidOperationNamingItAndStoresNothing()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_first", "deploy"), Hash("first"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateAsync(Key("key_second", "deploy"), Hash("second"), CancellationToken.None));

        Assert.Contains("'deploy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("key_first", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync("key_second", CancellationToken.None));
        Assert.Null(await store.FindByHashAsync(Hash("second"), CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateAsync_NameOfRevokedKey_Succeeds()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_old", "deploy"), Hash("old"), CancellationToken.None);
        await store.RevokeAsync("key_old", T0.AddHours(1), CancellationToken.None);

        await store.CreateAsync(Key("key_new", "deploy", minute: 90), Hash("new"), CancellationToken.None);

        Assert.Equal("key_new", (await store.FindByHashAsync(Hash("new"), CancellationToken.None))!.Id);
        Assert.NotNull((await store.GetAsync("key_old", CancellationToken.None))!.RevokedAt);
    }

    [StoreFact]
    public async Task CreateAsync_DuplicateId_ThrowsInvalidOperationNamingTheId()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_same", "one"), Hash("one"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.CreateAsync(Key("key_same", "two"), Hash("two"), CancellationToken.None));

        Assert.Contains("key_same", error.Message, StringComparison.Ordinal);
        Assert.Equal("one", (await store.GetAsync("key_same", CancellationToken.None))!.Name);
    }

    [StoreFact]
    public async Task CreateAsync_SecretInsteadOfHash_ThrowsArgumentExceptionAndStoresNothing()
    {
        var store = await StartStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            async () => await store.CreateAsync(Key("key_raw"), "mcpgw_AbCdSecretValue", CancellationToken.None));

        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task CreateAsync_ConcurrentSameName_ExactlyOneSucceeds()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        var outcomes = await RaceAsync(Racers, async i =>
        {
            try
            {
                await replicas[i % 2].CreateAsync(Key($"key_race_{i}", "contested"), Hash($"race-{i}"), CancellationToken.None);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        });

        Assert.Single(outcomes, created => created);
        Assert.Single(await replicas[0].ListAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task RotateAsync_ActiveKey_OldRevokedAndNewActiveUnderTheName()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_old", "deploy"), Hash("old"), CancellationToken.None);

        var rotated = await store.RotateAsync("key_old", Key("key_new", "deploy", minute: 5), Hash("new"), T0.AddMinutes(5), CancellationToken.None);

        Assert.True(rotated);
        Assert.Equal(T0.AddMinutes(5), (await store.GetAsync("key_old", CancellationToken.None))!.RevokedAt);
        Assert.Null(await store.FindByHashAsync(Hash("old"), CancellationToken.None));
        AssertSameKey(Key("key_new", "deploy", minute: 5), await store.FindByHashAsync(Hash("new"), CancellationToken.None));
    }

    [StoreFact]
    public async Task RotateAsync_NewKeyCannotBeStored_ThrowsAndTheOldKeyStaysActive()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_old", "deploy"), Hash("old"), CancellationToken.None);
        await store.CreateAsync(Key("key_other", "other"), Hash("other"), CancellationToken.None);

        // The replacement's id is taken, so its insert fails after the old key's revocation ran in the same transaction.
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.RotateAsync("key_old", Key("key_other", "deploy", minute: 5), Hash("new"), T0.AddMinutes(5), CancellationToken.None));

        Assert.Null((await store.GetAsync("key_old", CancellationToken.None))!.RevokedAt);
        Assert.Equal("key_old", (await store.FindByHashAsync(Hash("old"), CancellationToken.None))!.Id);
        Assert.Null(await store.FindByHashAsync(Hash("new"), CancellationToken.None));
        Assert.Equal(2, (await store.ListAsync(CancellationToken.None)).Count);
    }

    [StoreFact]
    public async Task RotateAsync_RevokedOrUnknownId_ReturnsFalseAndStoresNothing()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_gone", "gone"), Hash("gone"), CancellationToken.None);
        await store.RevokeAsync("key_gone", T0.AddHours(1), CancellationToken.None);

        var revoked = await store.RotateAsync("key_gone", Key("key_new1", "gone"), Hash("new1"), T0.AddHours(2), CancellationToken.None);
        var unknown = await store.RotateAsync("key_nope", Key("key_new2", "nope"), Hash("new2"), T0.AddHours(2), CancellationToken.None);

        Assert.False(revoked);
        Assert.False(unknown);
        Assert.Single(await store.ListAsync(CancellationToken.None));
    }

    [StoreFact]
    public async Task RotateAsync_ConcurrentRotationsOfOneKey_ExactlyOneWinsAndOneKeyIsActive()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };
        await replicas[0].CreateAsync(Key("key_old", "contested"), Hash("old"), CancellationToken.None);

        var outcomes = await RaceAsync(Racers, i => replicas[i % 2]
            .RotateAsync("key_old", Key($"key_rot_{i}", "contested", minute: 1), Hash($"rot-{i}"), T0.AddMinutes(1), CancellationToken.None).AsTask());

        Assert.Single(outcomes, won => won);
        var keys = await replicas[0].ListAsync(CancellationToken.None);
        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k.RevokedAt is null);
    }

    [StoreFact]
    public async Task FindByHashAsync_RevokedKey_ReturnsNull()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_gone"), Hash("gone"), CancellationToken.None);
        await store.RevokeAsync("key_gone", T0.AddHours(1), CancellationToken.None);

        Assert.Null(await store.FindByHashAsync(Hash("gone"), CancellationToken.None));
    }

    [StoreFact]
    public async Task FindByHashAsync_UnknownHash_ReturnsNull()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_1"), Hash("known"), CancellationToken.None);

        Assert.Null(await store.FindByHashAsync(Hash("unknown"), CancellationToken.None));
    }

    [StoreFact]
    public async Task ListAsync_SeveralKeys_ReturnsAllOldestFirstRevokedIncluded()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_b", "b", minute: 2), Hash("b"), CancellationToken.None);
        await store.CreateAsync(Key("key_a", "a", minute: 1), Hash("a"), CancellationToken.None);
        await store.CreateAsync(Key("key_c", "c", minute: 3), Hash("c"), CancellationToken.None);
        await store.RevokeAsync("a", T0.AddHours(1), CancellationToken.None);

        var keys = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["key_a", "key_b", "key_c"], keys.Select(k => k.Id));
        Assert.Equal(T0.AddHours(1), keys[0].RevokedAt);
    }

    [StoreFact]
    public async Task RevokeAsync_ById_SetsRevokedAtAndReturnsTrue()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_1"), Hash("1"), CancellationToken.None);

        var revoked = await store.RevokeAsync("key_1", T0.AddDays(1), CancellationToken.None);

        Assert.True(revoked);
        Assert.Equal(T0.AddDays(1), (await store.GetAsync("key_1", CancellationToken.None))!.RevokedAt);
    }

    [StoreFact]
    public async Task RevokeAsync_ByName_RevokesTheActiveKeyOfThatName()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_1", "ci-bot"), Hash("1"), CancellationToken.None);
        await store.CreateAsync(Key("key_2", "other"), Hash("2"), CancellationToken.None);

        Assert.True(await store.RevokeAsync("ci-bot", T0.AddDays(1), CancellationToken.None));

        Assert.NotNull((await store.GetAsync("key_1", CancellationToken.None))!.RevokedAt);
        Assert.Null((await store.GetAsync("key_2", CancellationToken.None))!.RevokedAt);
    }

    [StoreFact]
    public async Task RevokeAsync_AlreadyRevoked_ReturnsFalseAndKeepsFirstTime()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_1"), Hash("1"), CancellationToken.None);
        await store.RevokeAsync("key_1", T0.AddDays(1), CancellationToken.None);

        var again = await store.RevokeAsync("key_1", T0.AddDays(2), CancellationToken.None);

        Assert.False(again);
        Assert.Equal(T0.AddDays(1), (await store.GetAsync("key_1", CancellationToken.None))!.RevokedAt);
    }

    [StoreFact]
    public async Task RevokeAsync_Unknown_ReturnsFalse()
    {
        var store = await StartStoreAsync();

        Assert.False(await store.RevokeAsync("nobody", T0, CancellationToken.None));
    }

    [StoreFact]
    public async Task RevokeAsync_IdOfRevokedKeyThatNamesAnActiveOne_RevokesNothing()
    {
        var store = await StartStoreAsync();
        await store.CreateAsync(Key("key_x", "first"), Hash("x"), CancellationToken.None);
        await store.RevokeAsync("key_x", T0.AddHours(1), CancellationToken.None);
        await store.CreateAsync(Key("key_y", "key_x"), Hash("y"), CancellationToken.None);

        var revoked = await store.RevokeAsync("key_x", T0.AddHours(2), CancellationToken.None);

        Assert.False(revoked); // an id wins over a name, so one call never reaches two keys
        Assert.Null((await store.GetAsync("key_y", CancellationToken.None))!.RevokedAt);
    }

    [StoreFact]
    public async Task InitializeAsync_SecondStoreOnSameDatabase_SeesTheKeys()
    {
        var first = await StartStoreAsync();
        await first.InitializeAsync(CancellationToken.None);
        await first.CreateAsync(Key("key_1"), Hash("1"), CancellationToken.None);

        var second = await StartStoreAsync();

        Assert.NotNull(await second.GetAsync("key_1", CancellationToken.None));
    }

    [StoreFact]
    public async Task GetAsync_BeforeInitialize_ThrowsInvalidOperation()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.GetAsync("key_1", CancellationToken.None));
    }
}
