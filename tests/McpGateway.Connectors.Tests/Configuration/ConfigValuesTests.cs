using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

public sealed class ConfigValuesTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2", 2_000)]
    [InlineData("1.5s", 1_500)]
    public void TryParseDuration_Valid_Parses(string text, double ms)
    {
        Assert.True(ConfigValues.TryParseDuration(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1s")]
    [InlineData("10 days")]
    [InlineData("99999999999999999999999h")]
    [InlineData("1000000000000000s")]
    public void TryParseDuration_Invalid_Fails(string text) => Assert.False(ConfigValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData("512KB", 524_288)]
    [InlineData("4MB", 4_194_304)]
    [InlineData("100", 100)]
    public void TryParseSize_Valid_Parses(string text, long bytes)
    {
        Assert.True(ConfigValues.TryParseSize(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("big")]
    [InlineData("4TB")]
    public void TryParseSize_Invalid_Fails(string text) => Assert.False(ConfigValues.TryParseSize(text, out _));
}
