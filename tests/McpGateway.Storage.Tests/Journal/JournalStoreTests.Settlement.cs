using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Storage.Tests.Journal;

/// <summary>An operator's settlement, the one thing written to a record after its close.</summary>
public abstract partial class JournalStoreTests
{
    private const string Verdict = """{"verdict":"executed","note":"seen in the ledger","by":"operator"}""";

    [StoreFact]
    public async Task SettleAsync_EndedRecord_AddsTheSettlementAndKeepsTheClose()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_s"), CancellationToken.None);
        await store.CloseAsync(Close("exe_s", "failed", "outcome unknown"), CancellationToken.None);

        var settled = await store.SettleAsync("exe_s", Verdict, CancellationToken.None);

        Assert.True(settled);
        var stored = await store.GetAsync("exe_s", CancellationToken.None);
        Assert.Equal(Verdict, stored!.SettlementJson);
        Assert.Equal("failed", stored.Status);
        Assert.Equal("outcome unknown", stored.Error);
        Assert.Equal(Trace, stored.TraceJson);
        Assert.Equal(Verdict, Assert.Single(await store.ListAsync(new JournalQuery { Limit = 10 }, CancellationToken.None)).SettlementJson);
    }

    [StoreFact]
    public async Task SettleAsync_Twice_SecondReturnsFalseAndKeepsTheFirst()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_s"), CancellationToken.None);
        await store.CloseAsync(Close("exe_s"), CancellationToken.None);
        await store.SettleAsync("exe_s", Verdict, CancellationToken.None);

        Assert.False(await store.SettleAsync("exe_s", """{"verdict":"not_executed"}""", CancellationToken.None));
        Assert.Equal(Verdict, (await store.GetAsync("exe_s", CancellationToken.None))!.SettlementJson);
    }

    [StoreFact]
    public async Task SettleAsync_OpenOrUnknownRecord_ReturnsFalseAndWritesNothing()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_open"), CancellationToken.None);

        Assert.False(await store.SettleAsync("exe_open", Verdict, CancellationToken.None));
        Assert.False(await store.SettleAsync("exe_nope", Verdict, CancellationToken.None));
        Assert.Null((await store.GetAsync("exe_open", CancellationToken.None))!.SettlementJson);
        Assert.Null(await store.GetAsync("exe_nope", CancellationToken.None));
    }

    [StoreFact]
    public async Task CloseAsync_Record_HasNoSettlement()
    {
        var store = await StartStoreAsync();
        await store.OpenAsync(Record("exe_c"), CancellationToken.None);
        await store.CloseAsync(Close("exe_c"), CancellationToken.None);

        Assert.Null((await store.GetAsync("exe_c", CancellationToken.None))!.SettlementJson);
    }
}
