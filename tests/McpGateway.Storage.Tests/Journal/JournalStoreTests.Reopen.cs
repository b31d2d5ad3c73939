using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Tests.Journal;

public abstract partial class JournalStoreTests
{
    [StoreFact]
    public async Task ReopenAsync_InputRound_OnlyFromInputRequired_AndOnlyOnce()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_round"), CancellationToken.None);
        await store.CloseAsync(Close("exe_round", "input_required"), CancellationToken.None);
        await store.OpenAsync(Record("exe_frozen", minute: 1), CancellationToken.None);
        await store.CloseAsync(Close("exe_frozen", "pending_approval"), CancellationToken.None);

        Assert.True(await store.ReopenAsync("exe_round", "gw-2", JournalReopen.InputRound, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_round", "gw-3", JournalReopen.InputRound, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_frozen", "gw-2", JournalReopen.InputRound, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_missing", "gw-2", JournalReopen.InputRound, CancellationToken.None));

        var reopened = await store.GetAsync("exe_round", CancellationToken.None);
        Assert.Equal(ExecutionRecord.OpenStatus, reopened!.Status);
        Assert.Equal("gw-2", reopened.InstanceId);
        Assert.Null(reopened.EndedAt);
        Assert.Equal("pending_approval", (await store.GetAsync("exe_frozen", CancellationToken.None))!.Status);
    }

    [StoreFact]
    public async Task ReopenAsync_Thaw_FromAnyEndedStatus_NeverWhileOpen_ThenClosesWithWhatItCameTo()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_frozen"), CancellationToken.None);
        await store.CloseAsync(Close("exe_frozen", "pending_approval"), CancellationToken.None);
        await store.OpenAsync(Record("exe_crashed", minute: 1), CancellationToken.None);
        await store.CloseAsync(Close("exe_crashed", "unknown"), CancellationToken.None);
        await store.OpenAsync(Record("exe_open", minute: 2), CancellationToken.None);

        Assert.True(await store.ReopenAsync("exe_frozen", "gw-2", JournalReopen.Thaw, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_frozen", "gw-3", JournalReopen.Thaw, CancellationToken.None));
        Assert.True(await store.ReopenAsync("exe_crashed", "gw-2", JournalReopen.Thaw, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_open", "gw-2", JournalReopen.Thaw, CancellationToken.None));
        Assert.False(await store.ReopenAsync("exe_missing", "gw-2", JournalReopen.Thaw, CancellationToken.None));

        Assert.True(await store.CloseAsync(Close("exe_frozen"), CancellationToken.None));
        var closed = await store.GetAsync("exe_frozen", CancellationToken.None);
        Assert.Equal("completed", closed!.Status);
        Assert.Equal("gw-2", closed.InstanceId);
        Assert.Equal(ExecutionRecord.OpenStatus, (await store.GetAsync("exe_open", CancellationToken.None))!.Status);
    }
}
