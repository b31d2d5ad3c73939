namespace TestUpstream.Tools;

/// <summary>A cancellable wait that counts its cancellation in <c>get_stats</c>, as <c>sleep</c> does.</summary>
internal static class TrackedDelay
{
    public static async Task WaitAsync(int ms, CallStats stats, CancellationToken cancellationToken)
    {
        if (ms <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(ms, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            stats.RecordCancelled();
            throw;
        }
    }
}
