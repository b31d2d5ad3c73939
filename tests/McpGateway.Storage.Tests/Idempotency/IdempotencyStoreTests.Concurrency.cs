using McpGateway.Policy.Stages.Idempotency;

namespace McpGateway.Storage.Tests.Idempotency;

public abstract partial class IdempotencyStoreTests
{
    private const int Rounds = 10;

    [StoreFact]
    public async Task TryReserveAsync_ManyConcurrentCallersOnTwoReplicas_ExactlyOneHoldsTheKey()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };

        for (var round = 0; round < Rounds; round++)
        {
            var key = $"charge-{round}";

            var holders = await RaceAsync(Racers, async i =>
                await replicas[i % 2].TryReserveAsync(Candidate(key, $"exe_{round}_{i}"), T0, CancellationToken.None));

            AssertExactlyOneWon(round, holders, await replicas[0].GetAsync(key, CancellationToken.None));
        }
    }

    [StoreFact]
    public async Task TryReserveAsync_ManyConcurrentCallersOnExpiredKey_ExactlyOneReplacesIt()
    {
        var replicas = new[] { await StartStoreAsync(), await StartStoreAsync() };
        var later = T0 + Ttl + TimeSpan.FromMinutes(1);

        for (var round = 0; round < Rounds; round++)
        {
            var key = $"charge-{round}";
            Assert.Null(await replicas[0].TryReserveAsync(Candidate(key, $"exe_{round}_old"), T0, CancellationToken.None));
            await replicas[0].CompleteAsync(key, $"exe_{round}_old", "completed", Result, CancellationToken.None);

            var holders = await RaceAsync(Racers, async i =>
                await replicas[i % 2].TryReserveAsync(Candidate(key, $"exe_{round}_{i}", later), later, CancellationToken.None));

            var stored = await replicas[0].GetAsync(key, CancellationToken.None);
            AssertExactlyOneWon(round, holders, stored);
            Assert.Equal(IdempotencyStates.InFlight, stored!.State);
            Assert.Null(stored.ResultJson);
        }
    }

    private static void AssertExactlyOneWon(int round, IdempotencyRecord?[] holders, IdempotencyRecord? stored)
    {
        var winner = Assert.Single(Enumerable.Range(0, holders.Length), i => holders[i] is null);
        var winnerExecution = $"exe_{round}_{winner}";
        Assert.All(holders.Where(h => h is not null), holder => Assert.Equal(winnerExecution, holder!.ExecutionId));
        Assert.Equal(winnerExecution, stored?.ExecutionId);
    }
}
