using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

public sealed class KeyLimitTests
{
    [Fact]
    public void Parse_Nothing_NullWithoutError()
    {
        Assert.Null(KeyLimit.Parse(null, null, null, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Parse_RequestsPerWindowAndConcurrent_ReadsThem()
    {
        var limit = KeyLimit.Parse(30, "1m", 2, out var error);

        Assert.Null(error);
        Assert.Equal(new KeyLimit { Requests = 30, Per = TimeSpan.FromMinutes(1), Concurrent = 2 }, limit);
    }

    [Theory]
    [InlineData(30L, null, null, "needs both requests and per")]
    [InlineData(null, "1m", null, "needs both requests and per")]
    [InlineData(0L, "1m", null, "requests must be from 1 to")]
    [InlineData(5L, "soon", null, "per must be a window from 1s to 24h")]
    [InlineData(5L, "2d", null, "per must be a window from 1s to 24h")]
    [InlineData(null, null, 0L, "concurrent must be from 1 to")]
    public void Parse_Bad_NullWithTheReason(long? requests, string? per, long? concurrent, string reason)
    {
        Assert.Null(KeyLimit.Parse(requests, per, concurrent, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
